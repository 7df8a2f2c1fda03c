/** `import 'quatrix-upload/uploader'`: defines `<quatrix-uploader>` alone (a side-effect entry) and exports its class. */
import { QuatrixUploader } from './quatrix-uploader.js';
import { defineElement } from '../base/define-element.js';

defineElement('quatrix-uploader', QuatrixUploader);

export { QuatrixUploader };
