/**
 * What sending a file needs past the queue: the prepare, transfer and finalize stages. A chunk of its
 * own in bundles, fetched when an engine is made (in the background) or when its first file starts,
 * with the Quatrix transport beside it: a page shows the elements and takes files without it.
 */
export { ensurePreparing, PrepareStage } from './prepare.js';
export { TransferStage } from './transfer.js';
export { finalize } from './finalize.js';
