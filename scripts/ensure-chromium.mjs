/**
 * Finds the Chromium the browser tests run in: CHROME_PATH, else Debian's /usr/bin/chromium. When it is
 * missing and this process may use apt-get (root on Debian), installs Debian's `chromium` package;
 * otherwise says exactly what to run. Never downloads a browser build of its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Flags that work on these machines (closed network, root, no GPU): for tests and benchmarks alike. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath() {
  return process.env.CHROME_PATH || DEBIAN_CHROMIUM;
}

export function ensureChromium() {
  const found = chromiumPath();
  if (existsSync(found)) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(
      `Chromium is missing at ${found}. Install Debian's package and run the tests again:\n` +
        `  sudo apt-get update && sudo apt-get install -y chromium\n` +
        `(or point CHROME_PATH at an installed Chromium).`,
    );
  }
  console.log(`Chromium is missing at ${found}: installing Debian's chromium package…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (!existsSync(DEBIAN_CHROMIUM))
    throw new Error('apt-get install chromium finished, but /usr/bin/chromium is still missing');
  return DEBIAN_CHROMIUM;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureChromium());
}
