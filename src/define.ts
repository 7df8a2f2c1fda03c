/**
 * Defines every element of quatrix-upload (a side-effect entry): `import 'quatrix-upload/define'`.
 * Each definition is guarded, so loading the script twice on one page does nothing the second time.
 */
import './components/widget/quatrix-widget.define.js';
import './components/uploader/quatrix-uploader.define.js';
import './components/file-request/quatrix-file-request.define.js';
import './components/request-files/quatrix-request-files.define.js';

export { defineElement } from './components/base/define-element.js';
