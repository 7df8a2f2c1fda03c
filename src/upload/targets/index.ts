export type { UploadTarget, Destination, FileFacts, LinkOptions, TargetStatus } from './types.js';
export { WidgetTarget } from './widget.js';
export { FolderTarget, type NameClashPolicy } from './folder.js';
export { FileRequestTarget } from './file-request.js';
export { TusTarget } from './tus.js';
