/**
 * quatrix-upload: upload and file-request web components for Quatrix.
 * This entry exports classes and types only; it defines no elements (no side effects).
 */
export * from './api/index.js';
export * from './upload/index.js';
export { QuatrixWidget } from './components/widget/quatrix-widget.js';
export type { CaptchaProvider, FieldMode } from './components/widget/quatrix-widget.js';
export { UploaderController } from './controllers/uploader-controller.js';
export { ELEMENT_EVENTS } from './events/index.js';
export type { QuatrixEventDetails, QuatrixEvent, QuatrixEventMap } from './events/index.js';
export { QuatrixUploader } from './components/uploader/quatrix-uploader.js';
export { QuatrixFileRequest } from './components/file-request/quatrix-file-request.js';
export { QuatrixRequestFiles } from './components/request-files/quatrix-request-files.js';
