/** `import 'quatrix-upload/file-request'`: defines `<quatrix-file-request>` alone (a side-effect entry) and exports its class. */
import { QuatrixFileRequest } from '../components/file-request/quatrix-file-request.js';
import { defineElement } from './define-element.js';

defineElement('quatrix-file-request', QuatrixFileRequest);

export { QuatrixFileRequest };
