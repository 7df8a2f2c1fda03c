/** `import 'quatrix-upload/file-request'`: defines `<quatrix-file-request>` alone (a side-effect entry) and exports its class. */
import { QuatrixFileRequest } from './quatrix-file-request.js';
import { defineElement } from '../base/define-element.js';

defineElement('quatrix-file-request', QuatrixFileRequest);

export { QuatrixFileRequest };
