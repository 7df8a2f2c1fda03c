/**
 * What the elements say as files are added and while a widget counts its allowance. A module of its own
 * (also exported by `messages.ts`), so that the script-tag file takes only these, not every sentence.
 */
import { msg, str } from '@lit/localize';
import { duplicatesText, filesRemainingCountText } from '../generated/plurals.js';
import { noMoreFilesText } from './errors.js';
import { isolatedName } from './format.js';

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
