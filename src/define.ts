/**
 * Defines every element of quatrix-upload (a side-effect entry): `import 'quatrix-upload/define'`.
 * Each definition is guarded, so loading the script twice on one page does nothing the second time.
 */
import { QuatrixFileRequest } from './components/file-request/quatrix-file-request.js';
import { QuatrixRequestFiles } from './components/request-files/quatrix-request-files.js';
import { QuatrixUploader } from './components/uploader/quatrix-uploader.js';
import { QuatrixWidget } from './components/widget/quatrix-widget.js';

/** Defines `tag` unless the page already has it. */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

defineElement('quatrix-widget', QuatrixWidget);
defineElement('quatrix-uploader', QuatrixUploader);
defineElement('quatrix-file-request', QuatrixFileRequest);
defineElement('quatrix-request-files', QuatrixRequestFiles);
