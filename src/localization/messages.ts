/**
 * Every sentence the elements show, in one place: plural messages (generated from
 * `plural-table.ts`), why a file failed or waits, and a file's status.
 */
import { msg, str } from '@lit/localize';
import { duplicatesText, filesRemainingCountText } from '../generated/plurals.js';
import { isolatedName } from './format.js';
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

/** Files added again while in the list already: not added twice (`names`: their paths). */
export function alreadyListedText(names: readonly string[]): string {
  if (names.length === 1) {
    const name = isolatedName(names[0]!);
    return msg(str`${name} is in the list already.`, {
      id: 'list.duplicate',
      desc: 'Shown and announced when a file chosen again is already in the list: it is not added twice. The placeholder is the file name.',
    });
  }
  return duplicatesText(names.length);
}

/** How many more files the visitor may still send through this widget ("no more" at 0). */
export function filesRemainingText(value: number): string {
  return value === 0 ? noMoreFilesText() : filesRemainingCountText(value);
}
