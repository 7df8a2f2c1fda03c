/**
 * Every sentence the elements show, in one place: plural messages (generated from
 * `plural-table.ts`), why a file failed or waits, and a file's status.
 */
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
export { alreadyListedText, filesRemainingText } from './list-texts.js';
