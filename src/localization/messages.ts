/**
 * Every sentence the elements show, in one place: plural messages (generated from
 * `plural-table.ts`), why a file failed or waits, and a file's status.
 */
import { filesRemainingCountText } from '../generated/plurals.js';
import { noMoreFilesText } from './errors.js';

export {
  filesAddedText,
  filesDoneText,
  filesFailedText,
  filesSentText,
  moreFilesText,
  requestMaxText,
  sendFilesText,
  uploadFilesText,
  uploadingFilesText,
} from '../generated/plurals.js';
export { plural } from './plural.js';
export {
  captchaText,
  describeCode,
  describeError,
  noMoreFilesText,
  pinNeededText,
  widgetNotFoundText,
} from './errors.js';
export {
  describeStatus,
  encryptedSizeText,
  encryptingText,
  nextTryText,
  offlineText,
  retryingText,
  sendWaitsText,
  waitingForConnectionText,
} from './status.js';

/** How many more files the visitor may still send through this widget ("no more" at 0). */
export function filesRemainingText(value: number): string {
  return value === 0 ? noMoreFilesText() : filesRemainingCountText(value);
}
