export { QuatrixEmulator } from './server.js';
export type { EmulatorOptions, LoggedRequest, StoredFile } from './server.js';
export type { FaultRule } from './faults.js';
export type { CaptchaVerifier, CaptchaContext } from './captcha.js';
export { testCaptchaVerifier } from './captcha.js';
export { loadSeed } from './seed.js';
export type { Seed } from './seed.js';
