import type { QuatrixClient } from '../api/index.js';
import { browserConnectivity, type Connectivity } from './connectivity.js';
import type { EngineContext } from './context.js';
import { Emitter } from './emitter.js';
import { toUploadError } from './errors.js';
import type { Entry } from './entry.js';
import { FileBook } from './files.js';
import { FolderTree } from './folders.js';
import { Gates } from './gates.js';
import { Journey } from './journey.js';
import { resolveOptions, type CallOptions, type ResolvedOptions, type UploaderOptions } from './options.js';
import { Outcomes } from './outcomes.js';
import { Queue } from './queue.js';
import { retryTransient } from './retry.js';
import { LocalResumeStorage, NoResumeStorage, type ResumeStorage } from './resume-store.js';
import { ResumeBook } from './resume.js';
import { restrictionRefusals, type Restrictions } from './restrictions.js';
import { acceptFile, nameRefusal } from './stages/accept.js';
import { nameProblem } from './names.js';
import { Reporter, totalsOf } from './stages/report.js';
import type { TargetStatus, UploadTarget } from './targets/index.js';
import {
  TERMINAL_STATUSES,
  type FileMeta,
  type FileWithPath,
  type UnfinishedUpload,
  type UploaderEvents,
  type UploaderState,
  type UploadFileState,
} from './types.js';
import { Watchdog } from './watchdog.js';

export {
  DEFAULT_MAX_CHUNK_BYTES,
  DEFAULT_MIN_CHUNK_BYTES,
  type CallOptions,
  type FileCandidate,
  type UploaderOptions,
} from './options.js';

/**
 * The upload engine: a queue of files sent to one target (by the Quatrix chunk loop, or tus-js-client
 * for a tus endpoint), with explicit states, retries, pause/resume/cancel, CAPTCHA and PIN waits, resume
 * across reloads and coalesced progress.
 * Framework-free: views subscribe to it (`subscribe`, `on`).
 *
 * Each file goes through the stages of `stages/`: accept → prepare → transfer → finalize → report;
 * this class is the facade that wires them and the parts beside them (queue, gates, watchdog, resume).
 */
export class Uploader extends Emitter<UploaderEvents> {
  readonly target: UploadTarget;
  /** What the app accepts, checked as files are added (see {@link Restrictions}); may change at any time. */
  restrictions: Restrictions | undefined;
  readonly #options: ResolvedOptions;
  readonly #connectivity: Connectivity;
  readonly #book: FileBook;
  readonly #resumeBook: ResumeBook;
  readonly #reporter: Reporter;
  readonly #outcomes: Outcomes;
  readonly #gates: Gates;
  readonly #watchdog: Watchdog;
  readonly #queue: Queue;
  readonly #beforeAdd: UploaderOptions['onBeforeFileAdded'];
  readonly #folderTree: FolderTree;
  /** Empty folders of a drop, still to make (see {@link Uploader.addFolders}). */
  readonly #emptyFolders: string[][] = [];
  #makingFolders = false;
  /** Bumped by Cancel all and `dispose()`: the folders being made then are left. */
  #folderCancels = 0;

  constructor(options: UploaderOptions) {
    super();
    this.#options = resolveOptions(options);
    this.target = options.target;
    this.restrictions = options.restrictions;
    this.#beforeAdd = options.onBeforeFileAdded;
    this.#connectivity = options.connectivity ?? browserConnectivity;
    const emit = this.emit.bind(this) as EngineContext['emit'];
    this.#reporter = new Reporter(
      () => this.getState(),
      (state) => this.emit('change', state),
    );
    this.#book = new FileBook(emit, () => this.#reporter.changed());
    this.#resumeBook = new ResumeBook(resumeStorageOf(options, this.#options), this.target.key);
    this.#resumeBook.sweep();
    const ctx: EngineContext = {
      target: this.target,
      options: this.#options,
      connectivity: this.#connectivity,
      book: this.#book,
      resume: this.#resumeBook,
      emit,
      withRetries: (signal, step, call) =>
        retryTransient(step, {
          signal,
          maxRetries: call?.maxRetries ?? this.#options.maxRetries,
          baseMs: this.#options.retryBaseMs,
          maxMs: this.#options.retryMaxMs,
          online: () => this.#connectivity.online,
          onRetry: call?.onRetry,
        }),
    };
    this.#outcomes = new Outcomes(ctx);
    this.#gates = new Gates(ctx, this.#outcomes, () => {
      this.#queue.pump();
      this.#makeFolders();
    });
    const folders = (this.#folderTree = new FolderTree((name, parentId) =>
      ctx.withRetries(undefined, (signal) => this.target.makeFolder(name, parentId, { signal })),
    ));
    const journey = new Journey(ctx, this.#gates, this.#outcomes, folders);
    // Fetched in the background, unless offline: a failed fetch of a module is remembered by some
    // browsers for the rest of the visit, so it is not risked before a file needs it.
    if (this.#connectivity.online) void journey.load().catch(() => {});
    this.#watchdog = new Watchdog(ctx, {
      offline: () => this.#wentOffline(),
      online: () => this.#wentOnline(),
    });
    this.#queue = new Queue(
      ctx,
      this.#gates,
      this.#watchdog,
      (entry) => journey.run(entry),
      (entries, error) => {
        this.hold();
        const files = entries
          .filter((e) => e.state.status === 'queued' && this.#book.entries.includes(e))
          .map((e) => e.state);
        if (files.length > 0) this.emit('upload-vetoed', { files, error });
      },
      () => this.#makeFolders(),
    );
  }

  get client(): QuatrixClient {
    return this.target.client;
  }

  // ---- state -------------------------------------------------------------------------------------

  /** The current state (a fresh snapshot). */
  getState(): UploaderState {
    const files = this.#book.entries.map((e) => e.state);
    return {
      files,
      totals: totalsOf(files),
      captchaRequired: this.#gates.captchaRequired,
      pinRequired: this.#gates.pinRequired,
      filesRemaining: this.#gates.filesRemaining,
      fatalError: this.#gates.fatalError,
      started: this.#queue.started,
    };
  }

  /** Calls `listener` with the state at most once per animation frame after changes; returns an unsubscribe. */
  subscribe(listener: (state: UploaderState) => void): () => void {
    return this.#reporter.subscribe(listener);
  }

  /** One file's current state. */
  getFile(id: string): UploadFileState | undefined {
    return this.#book.find(id)?.state;
  }

  /** Unfinished uploads of an earlier visit to this target that were not added again yet. */
  listUnfinished(): UnfinishedUpload[] {
    return this.#resumeBook.unfinished(new Set(this.#book.entries.map((e) => e.resumeKey)));
  }

  /**
   * The unfinished uploads of an earlier visit whose files can be read again without choosing them
   * (their handles were kept: see {@link FileSource}); empty where the browser gives no handles.
   */
  async listReopenable(): Promise<UnfinishedUpload[]> {
    return (await this.#resumeBook.reopenable(this.listUnfinished())).map(([u]) => u);
  }

  /**
   * Continues unfinished uploads of an earlier visit from where the server confirmed, reading their
   * files again through their kept handles. Call it from a click's handler: the browser asks the person
   * once per dropped file or folder to let the page read it again. Answers those that could not be
   * continued (no handle, read permission refused, the file changed or gone since): they are chosen
   * again, as elsewhere.
   */
  async reopen(uploads: readonly UnfinishedUpload[] = this.listUnfinished()): Promise<UnfinishedUpload[]> {
    const { files, lost } = await this.readAgain(uploads);
    if (files.length > 0) this.addFiles(files);
    return lost;
  }

  /**
   * What {@link Uploader.reopen} does but the adding: the files of unfinished uploads, read again
   * through their kept handles (each with its path and source, to give to `addFiles`, which continues
   * it), and those that could not be read again. For a view that adds files its own way.
   */
  async readAgain(
    uploads: readonly UnfinishedUpload[],
  ): Promise<{ files: FileWithPath[]; lost: UnfinishedUpload[] }> {
    const found = await this.#resumeBook.reopenable(uploads);
    const handles = await import('./handles.js').catch(() => undefined);
    const lost = uploads.filter((u) => !found.some(([f]) => f === u));
    // One prompt per dropped file or folder (every file of a folder shares its handle), all asked at
    // once while the click's activation lasts: one asked after it would be refused.
    const distinct: FileSystemHandle[] = [];
    for (const [, { handle }] of found) {
      const known = await Promise.all(distinct.map((d) => d.isSameEntry(handle).catch(() => false)));
      if (!known.includes(true)) distinct.push(handle);
    }
    const allowed = await Promise.all(distinct.map((h) => handles?.mayRead(h).catch(() => false) ?? false));
    const mayRead = async (handle: FileSystemHandle): Promise<boolean> => {
      for (const [i, d] of distinct.entries())
        if (await d.isSameEntry(handle).catch(() => false)) return allowed[i]!;
      return false;
    };
    const files: FileWithPath[] = [];
    for (const [upload, source] of found) {
      const file =
        handles && (await mayRead(source.handle))
          ? await handles.fileOf(source).catch(() => undefined)
          : undefined;
      // A file changed since (another size or date) is not the one the server has the start of.
      if (!file || file.size !== upload.size || file.lastModified !== upload.lastModified) {
        lost.push(upload);
        // Chosen again from now on: its handle is of no more use.
        this.#resumeBook.dropSource(upload);
      } else files.push({ file, relativePath: upload.relativePath, source });
    }
    return { files, lost };
  }

  /** Forgets an unfinished upload of an earlier visit. */
  forgetUnfinished(upload: Pick<UnfinishedUpload, 'relativePath' | 'size' | 'lastModified'>): void {
    this.#resumeBook.forgetUnfinished(upload);
  }

  // ---- adding files ------------------------------------------------------------------------------

  /**
   * Adds files (with their folder paths, when a folder was picked or dropped). Files the app does not
   * accept (`not-accepted`) or beyond what the target still accepts (`file-limit`) are marked failed
   * before anything is sent. A file already in the list is skipped (`file-skipped`).
   */
  addFiles(files: Iterable<File | Blob | FileWithPath>): UploadFileState[] {
    if (this.#queue.disposed) throw new Error('Uploader: disposed');
    const added: Entry[] = [];
    // The files in the list that have not failed or been cancelled, before these: what a new file may
    // duplicate, and what the restrictions count. Read once, so that a folder of 10,000 files is not
    // compared file by file with the whole list.
    const kept = this.#book.entries.filter(
      (e) => e.state.status !== 'failed' && e.state.status !== 'cancelled',
    );
    const listed = new Set(kept.map((e) => e.resumeKey));
    /** The files not ended yet, by resume key: a new copy of one is an upload of its own. */
    const busy = new Set(this.#book.unended().map((e) => e.resumeKey));
    for (const given of files) {
      const item = this.#offer(given);
      if (!item) continue;
      const entry = acceptFile(item, this.target.key, this.#options.sizing);
      // The same file (path, size, date) already in the list, not failed: added once, and said.
      if (listed.has(entry.resumeKey)) {
        this.emit('file-skipped', { relativePath: entry.state.relativePath, reason: 'duplicate' });
        continue;
      }
      listed.add(entry.resumeKey);
      const resumed = this.#resumeBook.restore(entry, busy);
      if (resumed) this.#book.patch(entry, resumed);
      this.#book.entries.push(entry);
      added.push(entry);
      this.emit('file-added', { file: entry.state });
    }
    if (added.length > 0) this.#queue.added();
    const unacceptable = restrictionRefusals(added, kept, this.restrictions);
    for (const entry of added) {
      const refusal = nameRefusal(entry) ?? unacceptable.get(entry);
      if (refusal) this.#gates.refuse(entry, refusal);
    }
    this.#gates.applyAllowance();
    const fatal = this.#gates.fatalError;
    if (fatal) for (const entry of added) this.#outcomes.fail(entry, fatal);
    this.#reporter.changed();
    this.#queue.pump();
    return added.map((e) => e.state);
  }

  /** What `onBeforeFileAdded` makes of a file: it, another in its place, or nothing (`vetoed`). */
  #offer(item: File | Blob | FileWithPath): File | Blob | FileWithPath | undefined {
    const hook = this.#beforeAdd;
    if (!hook) return item;
    const given = item instanceof Blob ? { file: item } : item;
    const relativePath = given.relativePath ?? (given.file instanceof File ? given.file.name : 'blob');
    let answer: ReturnType<typeof hook>;
    try {
      answer = hook({ ...given, relativePath });
    } catch {
      answer = false;
    }
    if (answer === false) {
      this.emit('file-skipped', { relativePath, reason: 'vetoed' });
      return undefined;
    }
    // A file in its place (or a file with a path); anything else (a promise, of an async hook) adds it
    // as it is.
    const blobLike = (b: unknown): b is Blob =>
      b instanceof Blob || (typeof (b as Blob)?.slice === 'function' && typeof (b as Blob).size === 'number');
    if (blobLike(answer)) return answer;
    return typeof answer === 'object' && answer !== null && blobLike(answer.file) ? answer : item;
  }

  /**
   * Replaces what the app attached to a file (see {@link FileMeta}); a target that sends it does so
   * when the file's upload link is asked for, so change it before.
   */
  setMeta(id: string, meta: FileMeta | undefined): void {
    const entry = this.#book.find(id);
    if (entry) this.#book.patch(entry, { meta: meta && { ...meta } });
  }

  /**
   * Folders to make although no file goes into them: the empty folders of a dropped folder
   * (`Trip/Day 3`). Made once sending has begun (`start()`, or at once with `autoStart`) and the target
   * lets them (after a CAPTCHA or a PIN), each once; a name Quatrix would refuse is left out.
   */
  addFolders(paths: Iterable<string>): void {
    for (const p of paths) {
      const path = p.split('/').filter((s) => s !== '');
      if (path.length > 0 && path.every((s) => nameProblem(s) === undefined)) this.#emptyFolders.push(path);
    }
    this.#makeFolders();
  }

  /** Makes the empty folders waiting, when sending has begun and the target takes them. */
  #makeFolders(): void {
    if (this.#makingFolders || this.#emptyFolders.length === 0 || !this.#queue.started) return;
    if (this.#queue.disposed || this.#gates.fatalError) return;
    // Not before `onBeforeUpload` has said yes to the files queued with them.
    if (this.#book.awaitsApproval()) return;
    const batch = this.#emptyFolders.splice(0);
    const cancels = this.#folderCancels;
    this.#makingFolders = true;
    let again = true;
    void (async () => {
      // The target's facts first: a widget behind a CAPTCHA makes no folder before it is solved, and
      // asks for it as for a file (a drop of empty folders alone would otherwise wait for nothing).
      const gate = await this.checkTarget()
        .then(() => this.#gates.check(new AbortController().signal))
        .then(() => undefined, toUploadError);
      // This folder and the rest wait: for what was demanded (a CAPTCHA, a PIN, also one demanded
      // meanwhile, when the visitor's session ended) or for the connection.
      const wait = (i: number): void => {
        this.#emptyFolders.unshift(...batch.slice(i));
        again = false;
      };
      for (const [i, path] of batch.entries()) {
        // Cancel all (or dispose), or the end of the target (a file's fatal failure) meanwhile: none.
        if (cancels !== this.#folderCancels || this.#gates.fatalError) return;
        if (!gate && this.#gates.pinRequired) return wait(i);
        const error = gate ?? (await this.#folderTree.ensure(path).then(() => undefined, toUploadError));
        if (!error || cancels !== this.#folderCancels) continue;
        if (error.fatal) {
          // The files that had not ended fail with it; no run of theirs is left to say all is done.
          this.#gates.end(error);
          return this.#queue.pump();
        }
        if (this.#gates.demanded(error) || !this.#connectivity.online) return wait(i);
        this.emit('folder-failed', { path: path.join('/'), error });
      }
    })().finally(() => {
      this.#makingFolders = false;
      // Folders added meanwhile.
      if (again) this.#makeFolders();
    });
  }

  // ---- control -----------------------------------------------------------------------------------

  /** Starts sending (needed only with `autoStart: false`, or after {@link Uploader.hold}). */
  start(): void {
    this.#queue.started = true;
    this.#queue.pump();
    this.#makeFolders();
  }

  /**
   * Files added or queued from now on wait for {@link Uploader.start} (a review before sending); files
   * under way go on.
   */
  hold(): void {
    if (!this.#queue.started) return;
    this.#queue.started = false;
    this.#reporter.changed();
  }

  /** Pauses one file, or all files. */
  pause(id?: string): void {
    for (const entry of this.#book.select(id)) {
      if (TERMINAL_STATUSES.has(entry.state.status) || entry.state.status === 'paused') continue;
      this.#outcomes.halt(entry);
      this.#book.move(entry, 'paused', { pausedBy: 'user', speed: undefined, eta: undefined });
    }
    this.#queue.pump();
  }

  /** Resumes one paused file, or all. */
  resume(id?: string): void {
    for (const entry of this.#book.select(id)) {
      if (entry.state.status === 'paused') this.#book.move(entry, 'queued', { pausedBy: undefined });
    }
    this.start();
  }

  /** Cancels one file, or all that have not ended (and the empty folders not made yet). */
  cancel(id?: string): void {
    if (id === undefined) {
      this.#emptyFolders.length = 0;
      this.#folderCancels++;
    }
    for (const entry of this.#book.select(id)) {
      if (TERMINAL_STATUSES.has(entry.state.status)) continue;
      this.#abandon(entry);
      this.#book.move(entry, 'cancelled', { speed: undefined, eta: undefined });
    }
    this.#queue.pump();
  }

  /** Sends a failed (or cancelled) file again; all failed files without an id. */
  retry(id?: string): void {
    for (const entry of this.#book.select(id)) {
      const status = entry.state.status;
      if (status !== 'failed' && !(status === 'cancelled' && id !== undefined)) continue;
      if (entry.state.error && !entry.state.error.canRetry) continue;
      // A discarded reservation starts again from byte 0.
      const from = entry.destination ? {} : { bytesUploaded: 0, percent: 0 };
      this.#book.move(entry, 'queued', { error: undefined, retryAttempt: 0, ...from });
    }
    this.#gates.applyAllowance();
    this.start();
  }

  /**
   * Takes one file out of the list, whatever its state: one under way stops first and leaves nothing
   * behind (no upload record, no reservation where the target can delete it), as a cancel does, but
   * without a `cancelled` file left in the list.
   */
  remove(id: string): void {
    const entry = this.#book.find(id);
    if (!entry) return;
    if (!TERMINAL_STATUSES.has(entry.state.status)) this.#abandon(entry);
    this.#book.entries.splice(this.#book.entries.indexOf(entry), 1);
    this.#reporter.changed();
    this.#queue.pump();
  }

  /**
   * Stops a file for good and leaves nothing of it: its run, its upload record, its reservation (where
   * the target can delete it) and its encrypted copy.
   */
  #abandon(entry: Entry): void {
    this.#outcomes.halt(entry);
    this.#resumeBook.forget(entry);
    this.#outcomes.discard(entry);
    this.#outcomes.releaseCopy(entry);
  }

  /** Removes ended files from the list. */
  clearFinished(): void {
    const entries = this.#book.entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      if (TERMINAL_STATUSES.has(entries[i]!.state.status)) entries.splice(i, 1);
    }
    this.#reporter.changed();
  }

  /**
   * Posts a CAPTCHA token; when valid, the files waiting for it continue by themselves.
   * Answers whether the token was accepted.
   */
  solveCaptcha(token: string, options: CallOptions = {}): Promise<boolean> {
    return this.#gates.solveCaptcha(token, options);
  }

  /** Gives the PIN of a protected file request; rejects with code 84 for a wrong PIN. */
  submitPin(pin: string, options: CallOptions = {}): Promise<void> {
    return this.#gates.submitPin(pin, options);
  }

  /**
   * Asks the target for its facts now (a widget's allowance, a file request, the storage left): the
   * same answer serves the next file, and the target keeps what it read (`WidgetTarget.metadata`,
   * `FileRequestTarget.metadata`, `FolderTarget.profile`). Rejects with the API client's errors.
   */
  checkTarget(options: CallOptions = {}): Promise<TargetStatus> {
    return this.#gates.refresh(options);
  }

  /** Stops everything and lets go of timers and listeners. */
  dispose(): void {
    this.#queue.disposed = true;
    this.#folderCancels++;
    for (const entry of this.#book.entries) {
      this.#outcomes.halt(entry);
      this.#outcomes.leaveCopy(entry);
    }
    this.#watchdog.dispose();
    this.#reporter.dispose();
  }

  // ---- connectivity ------------------------------------------------------------------------------

  #wentOffline(): void {
    for (const entry of [...this.#book.active]) {
      this.#outcomes.halt(entry);
      this.#book.move(entry, 'paused', { pausedBy: 'offline', speed: undefined, eta: undefined });
    }
  }

  #wentOnline(): void {
    for (const entry of this.#book.entries) {
      if (entry.state.status === 'paused' && entry.state.pausedBy === 'offline') {
        this.#book.move(entry, 'queued', { pausedBy: undefined });
      }
    }
    this.#queue.pump();
    this.#makeFolders();
  }
}

function resumeStorageOf(options: UploaderOptions, resolved: ResolvedOptions): ResumeStorage {
  if (options.resume === false) return new NoResumeStorage();
  if (options.resume === true || options.resume === undefined)
    return new LocalResumeStorage(undefined, resolved.resumeMaxAgeMs);
  return options.resume;
}
