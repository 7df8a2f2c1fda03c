export { QuatrixEmulator } from './server.js';
export type { Answer, AnswerTransform, EmulatorOptions, LoggedRequest, StoredFile } from './server.js';
export type { RequestAuthFailure } from './store.js';
export type { ChunkLimits } from './uploads.js';
export type { FaultRule } from './faults.js';
export type { CaptchaVerifier, CaptchaContext } from './captcha.js';
export { testCaptchaVerifier } from './captcha.js';
export { loadSeed } from './seed.js';
export type { Seed } from './seed.js';
