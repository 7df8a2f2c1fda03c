/**
 * The script-tag file (`dist/cdn/quatrix-upload.js`): defines the elements of the pages people visit
 * at once (the widget, the uploader, the file request). `<quatrix-request-files>`, for the apps of
 * signed-in users, is a chunk of its own, fetched as soon as one is in the document; the page gets it
 * at once with {@link loadRequestFiles} (for one inside another element's shadow root, which the file
 * cannot see). Each definition is guarded: loading the file twice does nothing the second time.
 */
import './components/widget/quatrix-widget.define.js';
import './components/file-request/quatrix-file-request.define.js';
import { whenUsed } from './components/base/when-used.js';

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
