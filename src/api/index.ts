export { QuatrixClient, base64Utf8, isFolderType } from './client.js';
export { QuatrixHttp } from './http.js';
export { QuatrixPublicApi } from './public-api.js';
export type { QuatrixClientOptions, LoginResult } from './client.js';
export { QuatrixCode, quatrixCodeName } from './codes.js';
export type { QuatrixCodeValue } from './codes.js';
export {
  QuatrixRequestError,
  QuatrixError,
  QuatrixResponseError,
  QuatrixNetworkError,
  QuatrixRedirectError,
  QuatrixTimeoutError,
  QuatrixAbortError,
  isQuatrixCode,
  isSignInRequired,
  isRetryableStatus,
  errorFromAnswer,
  parseRetryAfter,
  redactUrl,
} from './errors.js';
export type { QuatrixFailureKind } from './errors.js';
export type * from './types.js';
