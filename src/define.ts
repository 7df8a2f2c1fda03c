/**
 * Defines every element of quatrix-upload (a side-effect entry): `import 'quatrix-upload/define'`.
 * Each definition is guarded, so loading the script twice on one page does nothing the second time.
 */
import './elements/widget.js';
import './elements/uploader.js';
import './elements/file-request.js';
import './elements/request-files.js';

export { defineElement } from './elements/define-element.js';
