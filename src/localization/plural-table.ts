/**
 * The messages that depend on a count: one row each, in English. `npm run i18n:plurals` turns this table
 * into `src/generated/plurals.messages.ts`, one `msg()` per CLDR plural category (`<id>.zero` …
 * `<id>.other`), since @lit/localize has no plural syntax: translators give each category its own form.
 * The elements import `src/generated/plurals.ts`, which asks for the id of the count's category with
 * the English of `one` or `other`. Not loaded at run time.
 */
export interface PluralRow {
  /** The exported function, `(count: number) => string`. */
  readonly name: string;
  /** Message id prefix. */
  readonly id: string;
  /** What the message is for: the function's JSDoc and, with the category, the translators' note. */
  readonly about: string;
  /** Other numbers in the message, each its own argument after the count, formatted as `${name}`. */
  readonly with?: readonly string[];
  /** English, with `${count}` where the formatted number goes: one thing, and any other count. */
  readonly one: string;
  readonly other: string;
}

export const PLURAL_TABLE: readonly PluralRow[] = [
  {
    name: 'filesAddedText',
    id: 'list.added',
    about: 'Announced to screen readers when files are added to the list.',
    one: '${count} file added.',
    other: '${count} files added.',
  },
  {
    name: 'filesSentText',
    id: 'widget.sent',
    about: 'Success message after every file of the widget was sent.',
    one: '${count} file was sent.',
    other: '${count} files were sent.',
  },
  {
    name: 'moreFilesText',
    id: 'sent.more',
    about: 'Ends a shortened list of sent file names.',
    one: 'and ${count} more file',
    other: 'and ${count} more files',
  },
  {
    name: 'filesRemainingCountText',
    id: 'widget.remaining',
    about: 'How many more files the visitor may still send through this widget.',
    one: 'You can send ${count} more file.',
    other: 'You can send ${count} more files.',
  },
  {
    name: 'requestMaxText',
    id: 'request.max',
    about: 'How many files a file request accepts.',
    one: 'You can send up to ${count} file.',
    other: 'You can send up to ${count} files.',
  },
  {
    name: 'sendFilesText',
    id: 'request.send',
    about: 'Button that returns the uploaded files to the person who asked for them.',
    one: 'Send ${count} file',
    other: 'Send ${count} files',
  },
  {
    name: 'uploadingFilesText',
    id: 'announce.started',
    about: 'Announced to screen readers when uploads start.',
    one: 'Uploading ${count} file.',
    other: 'Uploading ${count} files.',
  },
  {
    name: 'uploadFilesText',
    id: 'list.upload',
    about: 'Button after choosing files (a review before sending): sends them all.',
    one: 'Upload ${count} file',
    other: 'Upload ${count} files',
  },
  {
    name: 'filesDoneText',
    id: 'list.summary.files',
    about:
      'In the summary line above the file list: how many of the files (the count) are sent so far (done).',
    with: ['done'],
    one: '${done} of ${count} file',
    other: '${done} of ${count} files',
  },
  {
    name: 'duplicatesText',
    id: 'list.duplicates',
    about: 'Shown and announced when files chosen again are already in the list: they are not added twice.',
    one: '${count} file is in the list already.',
    other: '${count} files are in the list already.',
  },
  {
    name: 'maxFilesText',
    id: 'error.not-accepted.max-files',
    about: 'Why a file was refused before sending: the site accepts at most this many files at once.',
    one: 'No more than ${count} file can be added here.',
    other: 'No more than ${count} files can be added here.',
  },
  {
    name: 'filesFailedText',
    id: 'announce.failed',
    about:
      'Announced to screen readers when several files failed for the same reason; the reason (a full sentence) follows.',
    one: '${count} file failed.',
    other: '${count} files failed.',
  },
];
