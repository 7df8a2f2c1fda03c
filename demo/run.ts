/**
 * `npm run demo`: the Quatrix emulator (demo seed) plus the demo pages served by Vite, both on 127.0.0.1.
 * Ports: QUATRIX_EMULATOR_PORT (default 8787) and DEMO_PORT (default 5173).
 */
import path from 'node:path';
import { createServer, type Plugin } from 'vite';
import { loadSeed, QuatrixEmulator } from './emulator/index.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const demoPort = Number(process.env.DEMO_PORT ?? 5173);
const emulator = await QuatrixEmulator.start({
  seed: loadSeed(path.join(here, 'seed.json')),
  port: Number(process.env.QUATRIX_EMULATOR_PORT ?? 8787),
  requestPageUrl: `http://127.0.0.1:${demoPort}/?request={id}`,
});

/** Tells the pages where the emulated site is, in their CSP and in a meta tag (no inline script). */
function siteUrl(site: string): Plugin {
  return {
    name: 'quatrix-site-url',
    transformIndexHtml: (html) => html.replaceAll('%QUATRIX_SITE%', site),
  };
}

const server = await createServer({
  root: here,
  configFile: false,
  server: { host: '127.0.0.1', port: demoPort },
  plugins: [siteUrl(emulator.url)],
});
await server.listen();
console.log(`Quatrix emulator: ${emulator.url}`);
server.printUrls();

const stop = async (): Promise<void> => {
  await server.close();
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
