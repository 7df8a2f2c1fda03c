export { Uploader, DEFAULT_MAX_CHUNK_BYTES, DEFAULT_MIN_CHUNK_BYTES } from './uploader.js';
export type { CallOptions, FileCandidate, UploaderOptions } from './uploader.js';
export { WidgetTarget, FolderTarget, FileRequestTarget, TusTarget } from './targets/index.js';
export type {
  UploadTarget,
  Destination,
  FileFacts,
  LinkOptions,
  TargetStatus,
  NameClashPolicy,
} from './targets/index.js';
export { UploadError, toUploadError } from './errors.js';
export type { UploadErrorReason } from './errors.js';
export { TERMINAL_STATUSES } from './types.js';
export { keyFingerprint } from './encryption/lazy.js';
export { ALLOWED_FROM, canTransition, transition } from './file-state.js';
export type { StatePatch } from './file-state.js';
export type {
  UploadStatus,
  UploadFileState,
  UploadResult,
  UploadTotals,
  UploaderState,
  UploaderEvents,
  UnfinishedUpload,
  FileWithPath,
  FileMeta,
  FileSource,
} from './types.js';
export { entriesFromDataTransfer, filesFromDataTransfer, filesFromList } from './entries.js';
export type { Dropped } from './entries.js';
export { LocalResumeStorage, NoResumeStorage } from './resume-store.js';
export type { ResumeStorage, ResumeRecord } from './resume-store.js';
export { browserConnectivity } from './connectivity.js';
export type { Connectivity } from './connectivity.js';
export { QuatrixHttpStack, ChunkRedirectedError } from './transports/quatrix-http-stack.js';
export type { ChunkLedger, ChunkCredentials } from './transports/quatrix-http-stack.js';
export { backoffDelay, retryTransient, RetryAborted } from './retry.js';
export type { RetryPolicy } from './retry.js';
export { nextChunkSize } from './transports/chunk-size.js';
export type { ChunkSizing } from './transports/chunk-size.js';
export { nameProblem, isRenamingOf, MAX_NAME_CHARACTERS } from './names.js';
export { acceptedType } from './restrictions.js';
export type { Restrictions, RestrictionRule } from './restrictions.js';
export type { NameProblem } from './names.js';
