import { startEmulator, type BrowserEmulator } from './emulator-browser.js';

type Options = Parameters<typeof startEmulator>[0];

/** The emulator of the test under way: call it to read it, `start()` it again with other options. */
export interface EmulatorPerTest {
  (): BrowserEmulator;
  /** Stops this test's emulator, if any, and starts one with `options` (stopped after the test too). */
  start(options?: Options): Promise<BrowserEmulator>;
}

/**
 * A fresh emulator (and empty localStorage) for every test of the enclosing `describe`, started with
 * `options` before each test; with `{ lazy: true }`, only when a test calls `start()`. Read it through
 * the returned function inside tests.
 */
export function emulatorPerTest(options: Options & { lazy?: boolean } = {}): EmulatorPerTest {
  const { lazy, ...defaults } = options;
  let emu: BrowserEmulator | undefined;
  const current = (() => {
    if (!emu) throw new Error('no emulator outside a test (or before start())');
    return emu;
  }) as EmulatorPerTest;
  current.start = async (startOptions = defaults) => {
    await emu?.stop();
    emu = undefined;
    emu = await startEmulator(startOptions);
    return emu;
  };
  beforeEach(async () => {
    localStorage.clear();
    if (!lazy) await current.start();
  });
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });
  return current;
}
