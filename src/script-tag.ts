/**
 * The script-tag file (`dist/cdn/quatrix-upload.js`): defines `<quatrix-widget>`, the element most
 * pages use, at once. Each other element is a chunk of its own, fetched as soon as one is in the
 * document, so that a page loads only the code of the elements it has: `<quatrix-file-request>` (the
 * page a request's link opens), `<quatrix-uploader>` and `<quatrix-request-files>` (the apps of
 * signed-in users). The page gets one at once with its `load…()` function (for one inside another
 * element's shadow root, which the file cannot see). Each definition is guarded: loading the file twice
 * does nothing the second time.
 */
import './components/widget/quatrix-widget.define.js';
import { whenUsed } from './components/base/when-used.js';

/** Fetches and defines `<quatrix-file-request>`; resolves once it is defined. */
export const loadFileRequest = whenUsed(
  'quatrix-file-request',
  () => import('./components/file-request/quatrix-file-request.define.js'),
);

/** Fetches and defines `<quatrix-uploader>`; resolves once it is defined. */
export const loadUploader = whenUsed(
  'quatrix-uploader',
  () => import('./components/uploader/quatrix-uploader.define.js'),
);

/** Fetches and defines `<quatrix-request-files>`; resolves once it is defined. */
export const loadRequestFiles = whenUsed(
  'quatrix-request-files',
  () => import('./components/request-files/quatrix-request-files.define.js'),
);

export { defineElement } from './components/base/define-element.js';
