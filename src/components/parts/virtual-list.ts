// The virtualizer and its layout, in one module that long lists fetch on demand: most lists are short,
// and a page that never shows 50 files never loads it.
export { flow } from '@lit-labs/virtualizer/layouts/flow.js';
export { virtualize } from '@lit-labs/virtualizer/virtualize.js';
