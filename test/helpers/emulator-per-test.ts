import { startEmulator, type BrowserEmulator } from './emulator-browser.js';

/**
 * A fresh emulator (and empty localStorage) for every test of the enclosing `describe`; read it through
 * the returned getter inside tests.
 */
export function emulatorPerTest(): () => BrowserEmulator {
  let emu: BrowserEmulator | undefined;
  beforeEach(async () => {
    localStorage.clear();
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });
  return () => {
    if (!emu) throw new Error('no emulator outside a test');
    return emu;
  };
}
