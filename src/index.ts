/**
 * quatrix-upload: upload and file-request web components for Quatrix.
 * This entry exports classes and types only; it defines no elements (no side effects).
 */
export * from './api/index.js';
export * from './upload/index.js';
