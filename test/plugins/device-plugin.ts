import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { TestRunnerPlugin } from '@web/test-runner';
import type { ChromeLauncher } from '@web/test-runner-chrome';
import type { CDPSession } from 'puppeteer-core';

/** Where `screenshot` writes its pictures, for people to look at after a run. */
export const SCREENSHOT_DIR = join(process.cwd(), '.test-results', 'screenshots');

/**
 * `screenshot` with `{name, clip}` saves that area of the page as `.test-results/screenshots/<name>.png`.
 *
 * Lets browser tests pretend to be a phone: `touch-screen` with `{enabled: true}` turns on Chromium's
 * touch emulation and makes `(pointer: coarse)` and `(hover: none)` match, as on a phone or a tablet;
 * `{enabled: false}` ends it. (The overrides live as long as their DevTools session, so it is kept.)
 *
 * `network` with `{uploadBytesPerSecond}` sets Chromium's own network conditions for the page
 * (DevTools' throttling): a request body's progress spreads over time. `{}` restores the network.
 */
export function devicePlugin(): TestRunnerPlugin {
  const sessions = new Map<string, CDPSession>();
  return {
    name: 'quatrix-device',
    async executeCommand({ command, payload, session }) {
      if (command === 'screenshot') {
        const { name, clip } = payload as {
          name: string;
          clip: { x: number; y: number; width: number; height: number };
        };
        if (!/^[\w.-]+$/.test(name)) throw new Error(`bad screenshot name ${name}`);
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        await mkdir(dirname(path), { recursive: true });
        const page = (session.browser as ChromeLauncher).getPage(session.id);
        await page.screenshot({ path, clip });
        return path;
      }
      if (command === 'network') {
        const { uploadBytesPerSecond } = (payload ?? {}) as { uploadBytesPerSecond?: number };
        const page = (session.browser as ChromeLauncher).getPage(session.id);
        await page.emulateNetworkConditions(
          uploadBytesPerSecond ? { download: -1, upload: uploadBytesPerSecond, latency: 0 } : null,
        );
        return true;
      }
      if (command !== 'touch-screen') return undefined;
      const enabled = Boolean((payload as { enabled?: boolean } | undefined)?.enabled);
      await sessions.get(session.id)?.detach();
      sessions.delete(session.id);
      if (!enabled) return true;
      const page = (session.browser as ChromeLauncher).getPage(session.id);
      const cdp = await page.createCDPSession();
      sessions.set(session.id, cdp);
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
      await cdp.send('Emulation.setEmulatedMedia', {
        features: [
          { name: 'pointer', value: 'coarse' },
          { name: 'hover', value: 'none' },
        ],
      });
      return true;
    },
  };
}
