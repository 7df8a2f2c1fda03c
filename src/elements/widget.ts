/** `import 'quatrix-upload/widget'`: defines `<quatrix-widget>` alone (a side-effect entry) and exports its class. */
import { QuatrixWidget } from '../components/widget/quatrix-widget.js';
import { defineElement } from './define-element.js';

defineElement('quatrix-widget', QuatrixWidget);

export { QuatrixWidget };
