import { msg, str } from '@lit/localize';
import { adoptStyles, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Announcer } from '../../controllers/announcer.js';
import type { NarratedEvents, Narrator } from '../../controllers/narrator.js';
import { UploaderController } from '../../controllers/uploader-controller.js';
import { emit } from '../../events/index.js';
// Each from its own module, not the package's index: the script-tag file takes only what a page runs.
import { entriesFromDataTransfer, filesFromDataTransfer, filesFromList } from '../../upload/entries.js';
import type { UploadError } from '../../upload/errors.js';
import type { Restrictions } from '../../upload/restrictions.js';
import type { UploadTarget } from '../../upload/targets/types.js';
import {
  TERMINAL_STATUSES,
  type FileWithPath,
  type UnfinishedUpload,
  type UploadFileState,
  type UploaderState,
  type UploadStatus,
} from '../../upload/types.js';
import {
  DEFAULT_MAX_CHUNK_BYTES,
  DEFAULT_MIN_CHUNK_BYTES,
  Uploader,
  type FileCandidate,
  type UploaderOptions,
} from '../../upload/uploader.js';
import type { ListView } from '../parts/file-list.js';
import { isolatedName } from '../../localization/format.js';
// Each from its own module, not `messages.ts`: the script-tag file takes only the sentences it uses.
import { filesAddedText, uploadFilesText } from '../../generated/plurals.js';
import { describeError } from '../../localization/errors.js';
import { alreadyListedText } from '../../localization/list-texts.js';
import { onDemand } from './on-demand.js';
import { QuatrixElement } from './quatrix-element.js';

/**
 * The file list with the narrator of uploads (one module, see file-list.ts), fetched when an element is
 * set up (before any file is chosen).
 */
const loadView = (): Promise<typeof import('../parts/file-list.js')> => import('../parts/file-list.js');
const useFileList = onDemand(loadView);
/** The unfinished uploads of an earlier visit: only a page that has some fetches their list. */
const useUnfinishedList = onDemand(() => import('../parts/unfinished-list.js'));

/**
 * Reads a number attribute. Empty (`max-files=""`, as templates write a value that is not set) is unset,
 * as if the attribute were absent; Lit's `Number` would read it as 0 and refuse every file.
 */
const numberConverter = {
  fromAttribute: (value: string | null): number | undefined =>
    value === null || value.trim() === '' ? undefined : Number(value),
};

/**
 * Reads `review`: present (or `on`) for a review, `off` for none; absent leaves the element's default.
 */
const reviewConverter = {
  fromAttribute: (value: string | null): boolean | undefined =>
    value === null ? undefined : value !== 'off' && value !== 'false',
};

/**
 * What every uploading element shares: one engine, the drop zone with its browse buttons and paste,
 * the file list, the `quatrix-*` events, and polite announcements. Subclasses choose the target.
 *
 * @slot empty - Replaces the text of the drop zone.
 *
 * @csspart drop-zone - The area that takes dropped files, with the browse buttons.
 * @csspart unfinished - The unfinished uploads of an earlier visit.
 * @csspart continue - The button that continues them without choosing the files again, where the browser kept their handles; also `button`.
 * @csspart sent-list - A list of file names (sent files, unfinished uploads).
 * @csspart files - The file list with its total.
 * @csspart notice - A notice above the file list: the device is offline, and uploads wait for the connection.
 * @csspart review - The review step: the action that sends the files chosen, with their size.
 * @csspart start - The action of the review step ("Upload 3 files"); also `button`.
 * @csspart total - Total progress and the actions for all files.
 * @csspart total-progress - The total progress bar.
 * @csspart total-text - The summary line: total percent, files sent of all, bytes sent of all, time left.
 * @csspart file-list - The list of files.
 * @csspart file - One file; also `file-queued`, `file-preparing`, `file-uploading`, `file-retrying`, `file-paused`, `file-blocked`, `file-finalizing`, `file-done`, `file-failed` or `file-cancelled` by its state.
 * @csspart file-thumbnail - The preview of an image file.
 * @csspart file-name - A file's name (with its folder path).
 * @csspart file-size - A file's size.
 * @csspart file-sent-size - The size of a file's encrypted copy, the bytes sent for it (a request for encrypted files).
 * @csspart file-progress - A file's progress bar.
 * @csspart file-status - A file's state.
 * @csspart file-percent - A file's percentage sent.
 * @csspart file-speed - A file's speed.
 * @csspart file-eta - A file's time left.
 * @csspart file-error - Why a file failed.
 * @csspart file-stored-as - The name a sent file was stored under, when a file of its name was already there.
 * @csspart file-actions - A file's buttons (pause, resume, cancel, retry, remove).
 *
 * @cssproperty [--quatrix-list-height=min(28rem, 70vh)] - Height of a long file list, which scrolls (from 50 files); of a `compact` one, 16rem by default.
 *
 * @fires {QuatrixEventDetails['quatrix-before-add']} quatrix-before-add - Cancelable: a file is about to be added; `preventDefault()` leaves it out, `detail.meta` attaches facts to it.
 * @fires {QuatrixEventDetails['quatrix-before-upload']} quatrix-before-upload - Cancelable: the files chosen are about to be sent; `preventDefault()` keeps them waiting.
 * @fires {QuatrixEventDetails['quatrix-file-added']} quatrix-file-added - Files were added.
 * @fires {QuatrixEventDetails['quatrix-file-rejected']} quatrix-file-rejected - A file was refused before sending (allowance, quota, size).
 * @fires {QuatrixEventDetails['quatrix-progress']} quatrix-progress - Total progress, at most once a frame.
 * @fires {QuatrixEventDetails['quatrix-file-done']} quatrix-file-done - A file was sent.
 * @fires {QuatrixEventDetails['quatrix-file-failed']} quatrix-file-failed - A file failed (`detail.error.reason` says why).
 * @fires {QuatrixEventDetails['quatrix-folder-failed']} quatrix-folder-failed - An empty folder of a drop could not be made (`detail.path`, `detail.error`); the element says it too.
 * @fires {QuatrixEventDetails['quatrix-all-done']} quatrix-all-done - Every file has ended.
 * @fires {QuatrixEventDetails['quatrix-limit-reached']} quatrix-limit-reached - More files than may still be sent (a widget's allowance, a request's files per share); the extra ones are refused.
 */
export abstract class UploadElement extends QuatrixElement {
  /**
   * A form field: its value is the ids of the files sent (one entry per file, under `name`); it is
   * invalid while files are on their way, waiting to be sent or failed, and, with `required`, until one
   * is sent. A form's reset clears the list; a disabled fieldset or form takes no new files.
   */
  static formAssociated = true;
  readonly #internals = this.attachInternals();
  /** Whether the file list's styles were added to the shadow root. */
  #listStyled = false;
  /** What the form was last told: set again only when it changes. */
  readonly #form: {
    name: string;
    ids: readonly string[];
    /** When the value was last set (performance.now()). */
    at: number;
    validity: string;
    anchor: HTMLElement | undefined;
  } = {
    name: '',
    ids: [],
    at: 0,
    validity: '',
    anchor: undefined,
  };

  /** Phones and tablets: a touch screen as the main pointer. */
  static readonly #touchQuery = '(pointer: coarse)';

  protected readonly controller = new UploaderController(this, {
    bridge: (uploader) => this.#bridge(uploader),
    revive: () => this.revive(),
  });
  /** Where the engine sends files (site and folder or request), to know a new engine for the same place. */
  #destination: string | undefined;
  /** What screen readers hear, one message at a time. */
  protected readonly announcer = new Announcer(this);
  #touchMedia: MediaQueryList | undefined;

  /** A failure that ended the whole target. */
  @state() protected fatal: UploadError | undefined;
  @state() private dragOver = false;
  /** Uploads of an earlier visit that adding the same file again would continue (read from storage once per change, not per frame). */
  @state() private unfinished: UnfinishedUpload[] = [];
  /** Those of them whose files can be read again without choosing them (their handles were kept). */
  @state() private reopenable: UnfinishedUpload[] = [];
  /** Whether the main pointer is a touch screen (a phone or a tablet). */
  @state() private touch = false;

  /**
   * The buttons to take a photo or video with the camera and to pick from the photo library:
   * `auto` (default) shows them on touch screens (phones, tablets) in place of the folder button,
   * `on` always, `off` never.
   */
  @property({ attribute: 'camera' }) camera: 'auto' | 'on' | 'off' = 'auto';

  /**
   * A review before sending: chosen files wait in the list, each with Remove, until one action ("Upload
   * 3 files") sends them; files chosen after that are held again once everything has ended. The
   * attribute `review` (or `review="on"`) asks for it, `review="off"` turns it off; without it, the
   * element's default (on for `<quatrix-file-request>`, off elsewhere). Read when the element is set up.
   */
  @property({ attribute: 'review', converter: reviewConverter }) review: boolean | undefined;

  /**
   * Accepted types, as a file input's `accept`: MIME types, groups and extensions, comma-separated
   * (`.pdf,image/*`). Other files are refused with a reason and never sent; the file picker offers
   * only these.
   */
  @property({ attribute: 'accept' }) accept = '';

  /** Largest file accepted, in bytes. */
  @property({ converter: numberConverter, attribute: 'max-file-size' }) maxFileSize: number | undefined;

  /** Smallest file accepted, in bytes (`1` refuses empty files). */
  @property({ converter: numberConverter, attribute: 'min-file-size' }) minFileSize: number | undefined;

  /** Most files in the list at once (sent, on their way or waiting). */
  @property({ converter: numberConverter, attribute: 'max-files' }) maxFiles: number | undefined;

  /** Most bytes of all the files in the list together. */
  @property({ converter: numberConverter, attribute: 'max-total-size' }) maxTotalSize: number | undefined;

  /**
   * Files sent at the same time (default 3); files of up to 2 MiB go more at a time (see
   * `small-file-concurrency`). Read when the element is set up.
   */
  @property({ converter: numberConverter, attribute: 'concurrency' }) concurrency: number | undefined;

  /**
   * Files of up to 2 MiB sent at the same time (default four times `concurrency`: 12): they wait on round
   * trips, not on bandwidth. Read when the element is set up.
   */
  @property({ converter: numberConverter, attribute: 'small-file-concurrency' }) smallFileConcurrency:
    number | undefined;

  /**
   * A fixed chunk size, in bytes. Without it the size adapts to the connection: 8 MiB first, then about
   * 3 s a chunk, within `min-chunk-size` and `max-chunk-size`. Read when the element is set up.
   */
  @property({ converter: numberConverter, attribute: 'chunk-size' }) chunkSize: number | undefined;

  /** Smallest adaptive chunk, in bytes (default 5 MiB). Read when the element is set up. */
  @property({ converter: numberConverter, attribute: 'min-chunk-size' }) minChunkSize: number | undefined;

  /**
   * Largest adaptive chunk, in bytes (default 95 MiB, below the 100,000,000 bytes no production Quatrix
   * client exceeds). Read when the element is set up.
   */
  @property({ converter: numberConverter, attribute: 'max-chunk-size' }) maxChunkSize: number | undefined;

  /**
   * Called for each file before it is added, after `quatrix-before-add`: `false` leaves it out, a file
   * (or `{file, relativePath, meta}`) adds that in its place (renamed, resized, with metadata).
   */
  @property({ attribute: false }) beforeFileAdded: UploaderOptions['onBeforeFileAdded'];

  /**
   * Called before the files chosen are sent, after `quatrix-before-upload`, and awaited: `false` (or a
   * rejection) keeps them waiting in the list, with the action that sends them.
   */
  @property({ attribute: false }) beforeUpload: UploaderOptions['onBeforeUpload'];

  /** Files just added that were in the list already (skipped), to say so until the next ones come. */
  @state() private skipped: string[] = [];

  /** In a form: at least one file must be sent before the form is valid. */
  @property({ type: Boolean, reflect: true }) required = false;

  /** The form field's name (default `files`); reflected, for `form.elements` and selectors, when set. */
  @property({ reflect: true, converter: { toAttribute: (v: string) => v || null } }) name = '';

  /** Disabled by its form or fieldset: no new files are taken. */
  @state() private formDisabled = false;

  /** A file list of bounded height (`--quatrix-list-height`) that scrolls inside, for tight layouts. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** What the app accepts, from the restriction attributes. */
  protected get restrictions(): Restrictions {
    const bound = (n: number | undefined): number | undefined =>
      typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
    return {
      accept: this.accept.split(',').filter((a) => a.trim() !== ''),
      maxFileSize: bound(this.maxFileSize),
      minFileSize: bound(this.minFileSize),
      maxFiles: bound(this.maxFiles),
      maxTotalSize: bound(this.maxTotalSize),
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const rules = ['accept', 'maxFileSize', 'minFileSize', 'maxFiles', 'maxTotalSize'] as const;
    if (this.uploader && rules.some((r) => changed.has(r))) this.uploader.restrictions = this.restrictions;
  }

  /** Whether files wait for a review when nothing says otherwise. */
  protected get reviewByDefault(): boolean {
    return false;
  }

  /** Whether chosen files wait for a review before they are sent. */
  protected get reviewing(): boolean {
    return this.review ?? this.reviewByDefault;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('paste', this.#onPaste);
    this.#touchMedia = globalThis.matchMedia?.(UploadElement.#touchQuery);
    this.touch = this.#touchMedia?.matches ?? false;
    this.#touchMedia?.addEventListener('change', this.#onTouchChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('paste', this.#onPaste);
    this.#touchMedia?.removeEventListener('change', this.#onTouchChange);
  }

  /** Adds files (with folder paths) to send; none while a form or fieldset disables the element. */
  addFiles(files: Iterable<File | FileWithPath>): void {
    this.#add(files);
  }

  /** Adds files, says what happened, and answers those added (none while disabled or not set up). */
  #add(files: Iterable<File | FileWithPath>): UploadFileState[] {
    const uploader = this.uploader;
    if (!uploader || this.formDisabled) return [];
    this.beforeAdd(uploader);
    const skipped: string[] = [];
    const stop = uploader.on('file-skipped', (d) => d.reason === 'duplicate' && skipped.push(d.relativePath));
    const added = uploader.addFiles(files);
    stop();
    this.#syncForm();
    this.skipped = skipped;
    if (skipped.length > 0) this.announce(alreadyListedText(skipped));
    this.#readUnfinished();
    if (added.length > 0) {
      emit(this, 'quatrix-file-added', { files: added });
      this.announce(filesAddedText(added.length), 'added');
    }
    return added;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#syncForm();
  }

  /**
   * The form value (the ids of the files sent) and its validity: from the engine's state of each frame,
   * and at once when the element adds, sends or removes files, so that a form submitted right after
   * never sees an old value.
   */
  #syncForm(state: UploaderState | undefined = this.uploader?.getState(), frame = false): void {
    // Once a frame with thousands of files, this stays cheap: validity comes from the engine's counts,
    // the ids are compared where they are, and the value is set again only when they changed, at most
    // twice a second while files are on their way (the form is not valid before they all ended).
    const counts = state?.totals.counts;
    let unended = 0;
    if (counts)
      for (const [status, n] of Object.entries(counts))
        if (!TERMINAL_STATUSES.has(status as UploadStatus)) unended += n;
    const name = this.name || 'files';
    const now = performance.now();
    const due = !frame || unended === 0 || now - this.#form.at >= FORM_VALUE_EVERY_MS;
    if (due && (name !== this.#form.name || !sameSent(state, this.#form.ids))) {
      const sent: string[] = [];
      if (state && counts && counts.done > 0)
        for (const f of state.files) if (f.status === 'done' && f.result) sent.push(f.result.fileId);
      this.#form.name = name;
      this.#form.ids = sent;
      this.#form.at = now;
      const data = new FormData();
      for (const id of sent) data.append(name, id);
      this.#internals.setFormValue(sent.length > 0 ? data : null);
    }
    let flags: ValidityStateFlags = {};
    let message = '';
    if (counts && counts.queued > 0 && !state!.started) {
      flags = { customError: true };
      message = msg('The files chosen are not sent yet.', {
        id: 'form.validity.held',
        desc: 'Form validation message: files were chosen but wait for the button that sends them.',
      });
    } else if (unended > 0) {
      flags = { customError: true };
      message = msg('Files are still being sent.', {
        id: 'widget.validity.busy',
        desc: 'Form validation message: the form cannot be submitted while files are still uploading.',
      });
    } else if (counts && counts.failed > 0) {
      flags = { customError: true };
      message = msg('A file could not be sent: try again or remove it.', {
        id: 'form.validity.failed',
        desc: 'Form validation message: a file failed; the form waits until it is sent again or removed from the list.',
      });
    } else if (this.required && this.#form.ids.length === 0) {
      flags = { valueMissing: true };
      message = msg('Please send at least one file.', {
        id: 'widget.validity.missing',
        desc: 'Form validation message: at least one file must be sent.',
      });
    }
    const anchor = this.shadowRoot?.querySelector<HTMLElement>('[part=drop-zone] button') ?? undefined;
    const validity = `${Object.keys(flags).join()}|${message}`;
    if (validity === this.#form.validity && anchor === this.#form.anchor) return;
    this.#form.validity = validity;
    this.#form.anchor = anchor;
    if (message) this.#internals.setValidity(flags, message, anchor);
    else this.#internals.setValidity({});
  }

  /** The form the element belongs to. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  /** Its validity as a form field (see `static formAssociated`). */
  get validity(): ValidityState {
    return this.#internals.validity;
  }

  /** Why it is invalid, in the element's language; empty when valid. */
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  /** Whether it is valid as a form field; fires `invalid` when not. */
  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  /** As `checkValidity()`, and shows the browser's message when invalid. */
  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** The form was reset: the list is cleared. */
  formResetCallback(): void {
    this.reset();
  }

  /** The form or a fieldset around the element was disabled or enabled. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  /** Sends the files added so far (needed when sending does not start by itself). */
  start(): boolean {
    this.uploader?.start();
    this.#syncForm();
    return true;
  }

  /** Pauses every file. */
  pause(): void {
    this.uploader?.pause();
  }

  /** Resumes every paused file. */
  resume(): void {
    this.uploader?.resume();
  }

  /** Cancels every file that has not ended. */
  cancel(): void {
    this.uploader?.cancel();
  }

  /** Clears the list, to send more files. */
  reset(): void {
    this.uploader?.cancel();
    this.uploader?.clearFinished();
    this.#syncForm();
    this.#readUnfinished();
  }

  /** The engine of the current set-up (owned by the controller). */
  protected get uploader(): Uploader | undefined {
    return this.controller.uploader;
  }

  /** Back in the page after its engine was let go (it left for good): set up anew. */
  protected abstract revive(): void;

  /** Called before files are added, e.g. to attach sender fields. */
  protected beforeAdd(_uploader: Uploader): void {}

  /** Replaces the engine with one for `target`, wired to the element's events. */
  protected useTarget(
    target: UploadTarget,
    options: Partial<UploaderOptions> = {},
    destination?: string,
  ): Uploader {
    // Signed in again for the same destination: the files the ended session stopped go on in the new
    // engine, from where their upload records say (their reservations were kept for this).
    const carried =
      destination !== undefined && destination === this.#destination
        ? (this.controller.state?.files ?? [])
            .filter((f) => f.status === 'failed' && f.error?.reason === 'unauthorized')
            .map((f) => ({ file: f.file, relativePath: f.relativePath }))
        : [];
    this.#destination = destination;
    this.fatal = undefined;
    const review = this.reviewing;
    const uploader = this.controller.use(target, {
      ...this.#transferOptions(),
      ...options,
      autoStart: (options.autoStart ?? true) && !review,
      restrictions: this.restrictions,
      onBeforeFileAdded: (candidate) => this.#beforeAdd(candidate),
      onBeforeUpload: (files) =>
        emit(this, 'quatrix-before-upload', { files: [...files] }, true) &&
        (this.beforeUpload?.(files) ?? true),
    });
    // After a review, the next files chosen wait for one again, once everything has ended.
    if (review) uploader.on('all-done', () => uploader.hold());
    if (carried.length > 0) {
      uploader.addFiles(carried);
      uploader.start();
    }
    this.#readUnfinished();
    // The list's code, before any file is chosen.
    useFileList(() => this.requestUpdate());
    return uploader;
  }

  /** The app's say on a file about to be added: `quatrix-before-add`, then `beforeFileAdded`. */
  #beforeAdd(candidate: FileCandidate): ReturnType<NonNullable<UploaderOptions['onBeforeFileAdded']>> {
    const meta = { ...candidate.meta };
    const detail = { file: candidate.file, relativePath: candidate.relativePath, meta };
    if (!emit(this, 'quatrix-before-add', detail, true)) return false;
    const given = Object.keys(meta).length > 0 ? { ...candidate, meta } : candidate;
    const answer = this.beforeFileAdded?.(given);
    return answer === undefined || answer === true ? given : answer;
  }

  /**
   * Concurrency and chunk sizes from the attributes; a value that cannot work (not a whole number of
   * 1 or more, or bounds the wrong way round) is left out, and the engine's default applies.
   */
  #transferOptions(): Partial<UploaderOptions> {
    const whole = (n: number | undefined): number | undefined =>
      typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined;
    const options: Partial<UploaderOptions> = {};
    const concurrency = whole(this.concurrency);
    if (concurrency) options.concurrency = concurrency;
    const small = whole(this.smallFileConcurrency);
    if (small) options.smallFileConcurrency = small;
    const fixed = whole(this.chunkSize);
    let min = whole(this.minChunkSize);
    const max = whole(this.maxChunkSize);
    if (min && min > (max ?? DEFAULT_MAX_CHUNK_BYTES)) min = undefined;
    if (fixed) options.chunkSize = fixed;
    // A largest chunk below the engine's default smallest one brings the smallest down with it.
    else if (max) options.chunkSize = { min: min ?? Math.min(max, DEFAULT_MIN_CHUNK_BYTES), max };
    else if (min) options.chunkSize = { min };
    return options;
  }

  /** The label of the action that sends the files held for a review. */
  protected startLabel(count: number): string {
    return uploadFilesText(count);
  }

  /** How the list looks and what its review step and Remove do, for this element. */
  protected listView(state: { started: boolean }): ListView {
    return {
      held: !state.started,
      compact: this.compact,
      startLabel: (count) => this.startLabel(count),
      start: () => void this.start(),
      remove: (file) => {
        this.uploader?.remove(file.id);
        this.#syncForm();
        this.announce(
          msg(str`${isolatedName(file.relativePath)} removed.`, {
            id: 'announce.removed',
            desc: 'Announced to screen readers: a file was taken out of the list.',
          }),
        );
      },
      clear: this.clearable ? () => this.uploader?.clearFinished() : undefined,
    };
  }

  /** Whether the list offers to clear the files that have ended (not where they are still to be used). */
  protected get clearable(): boolean {
    return false;
  }

  /**
   * The element cannot be set up (no credentials, an invalid site): the engine of the earlier set-up
   * stops, as its credentials or site are no longer the element's, and the failure is shown and fired.
   */
  protected failSetUp(error: UploadError): void {
    this.controller.drop();
    this.fatal = undefined;
    // Not signed in yet is no news to interrupt anyone with: it shows, and `quatrix-error` says it.
    this.setFatal(error, error.details.signedOut !== true);
  }

  /** The engine's events as the element's `quatrix-*` events and announcements. */
  #bridge(uploader: Uploader): Array<() => void> {
    return [
      // Before quatrix-all-done goes out: a form submitted by its listener sees the value of the end.
      uploader.on('all-done', () => this.#syncForm()),
      ...this.#narrate(uploader),
      // Once a frame, from the state the engine made for it anyway: a folder of 10,000 files changes
      // state 40,000 times. (What the element does itself is followed at once.)
      uploader.on('change', (state) => this.#syncForm(state, true)),
      uploader.on('change', (s) =>
        emit(this, 'quatrix-progress', {
          bytesUploaded: s.totals.bytesUploaded,
          bytesTotal: s.totals.bytesTotal,
          percent: s.totals.percent,
        }),
      ),
      uploader.on('file-rejected', (d) => emit(this, 'quatrix-file-rejected', d)),
      uploader.on('file-done', (d) => emit(this, 'quatrix-file-done', d)),
      uploader.on('file-failed', (d) => emit(this, 'quatrix-file-failed', d)),
      uploader.on('folder-failed', (d) => emit(this, 'quatrix-folder-failed', d)),
      uploader.on('all-done', (d) => emit(this, 'quatrix-all-done', d)),
      uploader.on('limit-reached', (d) => emit(this, 'quatrix-limit-reached', d)),
      uploader.on('fatal', ({ error }) => this.setFatal(error)),
    ];
  }

  /**
   * What the engine does, told to screen readers. The narrator is fetched on demand (a page where
   * nothing is sent does not need it); what happens before it arrives is told once it has.
   */
  #narrate(uploader: Uploader): Array<() => void> {
    let narrator: Narrator | undefined;
    let loading: Promise<void> | undefined;
    const missed: Array<() => void> = [];
    const load = (): void => {
      loading ??= loadView().then(
        ({ narrate }) => {
          narrator = narrate(uploader, this.announcer);
          missed.splice(0).forEach((tell) => tell());
        },
        () => {
          loading = undefined; // fetched again at the next event
        },
      );
    };
    load();
    const tell =
      <K extends keyof NarratedEvents>(type: K) =>
      (event: NarratedEvents[K]): void => {
        if (narrator) return narrator[type](event);
        // Bounded, should the fetch keep failing (offline since the page loaded).
        if (missed.length < 1000) missed.push(() => narrator?.[type](event));
        load();
      };
    return [
      uploader.on('file-status', tell('file-status')),
      uploader.on('change', tell('change')),
      uploader.on('all-done', tell('all-done')),
      uploader.on('folder-failed', tell('folder-failed')),
    ];
  }

  /** Shows a failure that ended the whole target, fires `quatrix-error`, and says it (urgently) unless `announce` is false. */
  protected setFatal(error: UploadError, announce = true): void {
    if (this.fatal) return;
    this.fatal = error;
    emit(this, 'quatrix-error', { error });
    if (!announce) return;
    // What was still to be said about the files is no longer the news.
    this.announcer.forget('progress', 'retry', 'added');
    this.announcer.say(describeError(error), { urgent: true });
  }

  /** A polite message for screen readers, in its turn (see {@link Announcer}); `topic`: a newer one on it replaces this one while it waits. */
  protected announce(text: string, topic?: string): void {
    this.announcer.say(text, topic ? { topic } : {});
  }

  readonly #onPaste = (event: ClipboardEvent): void => {
    if (!event.clipboardData || event.clipboardData.files.length === 0) return;
    event.preventDefault();
    void filesFromDataTransfer(event.clipboardData).then((files) => this.addFiles(files));
  };

  readonly #onTouchChange = (event: MediaQueryListEvent): void => {
    this.touch = event.matches;
  };

  #onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragOver = true;
  }

  /** Opens the chooser of one of the hidden inputs (`files`, `folder`, `camera`, `photos`). */
  #pick(name: string): void {
    this.renderRoot.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.click();
  }

  #onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragOver = false;
    if (event.dataTransfer)
      void entriesFromDataTransfer(event.dataTransfer).then(
        ({ files, emptyFolders }) => {
          const added = this.#add(files);
          // The empty folders of a dropped folder are made too, unless every file of it was left out
          // (an app's veto, the restrictions) or a form disables the element.
          if (!this.formDisabled && (files.length === 0 || added.length > 0))
            this.uploader?.addFolders(emptyFolders);
        },
        () =>
          this.announcer.say(
            msg('The dropped files could not be read. Choose them with the buttons instead.', {
              id: 'drop.unreadable',
              desc: 'Said (urgently) when the browser could not read what was dropped; the file picker buttons still work.',
            }),
            { urgent: true },
          ),
      );
  }

  #onPicked(event: Event): void {
    const input = event.target as HTMLInputElement;
    if (input.files) this.addFiles(filesFromList(input.files));
    input.value = '';
  }

  /**
   * The drop zone: drop, or buttons to browse for files and a folder (keyboard users use these); on
   * phones, for files, the camera and the photo library instead of a folder.
   */
  protected renderDropZone(): TemplateResult {
    const camera = this.camera === 'on' || (this.camera === 'auto' && this.touch);
    const folder = this.camera === 'on' || !camera;
    return html`<div
      part="drop-zone"
      class="drop-zone"
      role="group"
      aria-label=${msg('Add files', { id: 'widget.drop.label', desc: 'Accessible name of the drop zone (a group of controls to add files).' })}
      ?data-over=${this.dragOver}
      @dragover=${this.#onDragOver}
      @dragleave=${() => (this.dragOver = false)}
      @drop=${this.#onDrop}
    >
      <slot name="empty"
        ><p part="hint" class="hint">
          ${msg('Drop files or folders here, or paste them.', { id: 'widget.drop.hint', desc: 'Text inside the drop zone.' })}
        </p></slot
      >
      <div part="actions" class="drop-actions">
        <button
          part="button"
          class="primary"
          type="button"
          ?disabled=${this.formDisabled}
          @click=${() => this.#pick('files')}
        >
          ${msg('Choose files', { id: 'widget.browse.files', desc: 'Button that opens the file picker.' })}
        </button>
        ${
          camera
            ? html`<button
                  part="button"
                  type="button"
                  ?disabled=${this.formDisabled}
                  @click=${() => this.#pick('camera')}
                >
                  ${msg('Take a photo or video', { id: 'widget.browse.camera', desc: 'Button (on phones) that opens the camera to take a photo or record a video to send.' })}
                </button>
                <button
                  part="button"
                  type="button"
                  ?disabled=${this.formDisabled}
                  @click=${() => this.#pick('photos')}
                >
                  ${msg('Photo library', { id: 'widget.browse.photos', desc: "Button (on phones) that opens the phone's photo and video library." })}
                </button>`
            : nothing
        }
        ${
          folder
            ? html`<button
                part="button"
                type="button"
                ?disabled=${this.formDisabled}
                @click=${() => this.#pick('folder')}
              >
                ${msg('Choose a folder', { id: 'widget.browse.folder', desc: 'Button that opens a folder picker (the whole folder is sent).' })}
              </button>`
            : nothing
        }
      </div>
      ${
        this.skipped.length > 0
          ? // Heard through the announcements (addFiles says it): no live region of its own, not twice.
            html`<p part="notice" class="notice">${alreadyListedText(this.skipped)}</p>`
          : nothing
      }
      <input
        name="files"
        type="file"
        multiple
        hidden
        accept=${this.accept || nothing}
        @change=${this.#onPicked}
      />
      <input name="folder" type="file" webkitdirectory hidden @change=${this.#onPicked} />
      <input
        name="camera"
        type="file"
        accept="image/*,video/*"
        capture="environment"
        hidden
        @change=${this.#onPicked}
      />
      <input name="photos" type="file" accept="image/*,video/*" multiple hidden @change=${this.#onPicked} />
    </div>`;
  }

  /**
   * Reads the unfinished uploads of an earlier visit (at once), and which of them can continue without
   * choosing their files again (from IndexedDB, when there are any).
   */
  #readUnfinished(): void {
    const uploader = this.uploader;
    this.unfinished = uploader?.listUnfinished() ?? [];
    if (!uploader || this.unfinished.length === 0) {
      this.reopenable = [];
      return;
    }
    void uploader.listReopenable().then((list) => {
      if (uploader === this.uploader) this.reopenable = list;
    });
  }

  /** "Continue": the unfinished uploads whose files can be read again go on (the browser may ask first). */
  async #reopen(): Promise<void> {
    const uploader = this.uploader;
    if (!uploader || this.formDisabled) return;
    const { files, lost } = await uploader.readAgain(this.reopenable);
    // Added as any file is (its resume record continues it), and said as such.
    this.#add(files);
    if (lost.length > 0)
      this.announce(
        msg('Some files could not be read again: choose the same files again to continue them.', {
          id: 'list.unfinished.lost',
          desc: 'Announced after Continue: some unfinished uploads could not go on (the browser was not allowed to read the file again, or it changed since); the person chooses them again.',
        }),
      );
  }

  /** The file list of the engine, and the unfinished uploads of an earlier visit, or nothing. */
  protected renderFiles(): TemplateResult | typeof nothing {
    const state = this.controller.state;
    if (!state || !this.uploader) return nothing;
    // Read when files are added, forgotten or cleared, or the engine changes: not on every frame of progress.
    const unfinished = this.unfinished;
    return html`${
      unfinished.length > 0
        ? (useUnfinishedList(() => this.requestUpdate())?.renderUnfinished(unfinished, {
            reopenable: this.reopenable.length > 0,
            disabled: this.formDisabled,
            forget: (u) => {
              this.uploader?.forgetUnfinished(u);
              this.#readUnfinished();
            },
            reopen: () => void this.#reopen(),
          }) ?? nothing)
        : nothing
    }
    ${this.#renderList(state)}`;
  }

  /** The file list, once its code (and its look) is there. */
  #renderList(state: UploaderState): TemplateResult | typeof nothing {
    const list = useFileList(() => this.requestUpdate());
    if (!list) return nothing;
    if (!this.#listStyled) {
      // The list's look comes with its code: added to the element's own, once.
      this.#listStyled = true;
      const own = (this.constructor as typeof QuatrixElement).elementStyles;
      adoptStyles(this.renderRoot as ShadowRoot, [...own, list.fileListStyles]);
    }
    return list.renderFileList(state, this.controller, () => this.requestUpdate(), this.listView(state));
  }

  /** The live regions that speak the announcements. */
  protected renderLiveRegion(): TemplateResult {
    return this.announcer.render();
  }
}

/** While files are on their way, the form value follows the files sent at most this often. */
const FORM_VALUE_EVERY_MS = 500;

/** Whether the files sent in `state` are `ids`, in order (without making a list). */
function sameSent(state: UploaderState | undefined, ids: readonly string[]): boolean {
  let i = 0;
  for (const f of state?.files ?? [])
    if (f.status === 'done' && f.result && ids[i++] !== f.result.fileId) return false;
  return i === ids.length;
}
