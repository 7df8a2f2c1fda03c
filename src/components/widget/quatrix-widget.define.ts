/** `import 'quatrix-upload/widget'`: defines `<quatrix-widget>` alone (a side-effect entry) and exports its class. */
import { QuatrixWidget } from './quatrix-widget.js';
import { defineElement } from '../base/define-element.js';

defineElement('quatrix-widget', QuatrixWidget);

export { QuatrixWidget };
