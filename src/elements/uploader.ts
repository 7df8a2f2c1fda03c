/** `import 'quatrix-upload/uploader'`: defines `<quatrix-uploader>` alone (a side-effect entry) and exports its class. */
import { QuatrixUploader } from '../components/uploader/quatrix-uploader.js';
import { defineElement } from './define-element.js';

defineElement('quatrix-uploader', QuatrixUploader);

export { QuatrixUploader };
