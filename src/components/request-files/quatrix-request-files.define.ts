/** `import 'quatrix-upload/request-files'`: defines `<quatrix-request-files>` alone (a side-effect entry) and exports its class. */
import { QuatrixRequestFiles } from './quatrix-request-files.js';
import { defineElement } from '../base/define-element.js';

defineElement('quatrix-request-files', QuatrixRequestFiles);

export { QuatrixRequestFiles };
