import type * as tus from 'tus-js-client';
import {
  errorFromAnswer,
  QuatrixNetworkError,
  QuatrixRedirectError,
  type QuatrixClient,
} from '../api/index.js';
import { browserConnectivity, type Connectivity } from './connectivity.js';
import { Emitter } from './emitter.js';
import { toUploadError, UploadError } from './errors.js';
import { FolderTree } from './folders.js';
import { nameProblem } from './names.js';
import {
  backoffDelay,
  nextChunkSize,
  retryTransient,
  shouldRetryStatus,
  type ChunkSizing,
} from './policy.js';
import { etaSeconds, FrameCoalescer, SpeedMeter } from './progress.js';
import {
  ChunkRedirectedError,
  QuatrixHttpStack,
  type ChunkCredentials,
  type ChunkLedger,
} from './quatrix-http-stack.js';
import {
  DEFAULT_RESUME_MAX_AGE_MS,
  LocalResumeStorage,
  NoResumeStorage,
  resumeKey,
  type ResumeRecord,
  type ResumeStorage,
} from './resume-store.js';
import type { Destination, FileFacts, TargetStatus, UploadTarget } from './targets.js';
import {
  TERMINAL_STATUSES,
  type FileWithPath,
  type UnfinishedUpload,
  type UploaderEvents,
  type UploaderState,
  type UploadFileState,
  type UploadResult,
  type UploadStatus,
  type UploadTotals,
} from './types.js';

const MiB = 1024 * 1024;

/** Default largest chunk: 95 MiB, below the 100,000,000 bytes no production client exceeds. */
export const DEFAULT_MAX_CHUNK_BYTES = 95 * MiB;
/** A 413 halves the chunk, but never below this: a server that refuses 256 KiB refuses uploads. */
const SMALLEST_CHUNK_BYTES = 256 * 1024;

/** Options of an {@link Uploader}. */
export interface UploaderOptions {
  /** What the files are uploaded into. */
  target: UploadTarget;
  /** Files sent at the same time (default 3). */
  concurrency?: number;
  /** Start each file as soon as it is added (default true); otherwise call `start()`. */
  autoStart?: boolean;
  /**
   * A fixed chunk size in bytes, or bounds for the adaptive size (default 8 MiB first, 5–95 MiB, 3 s a
   * chunk). The default ceiling stays below 100,000,000 bytes, the most any production Quatrix client
   * sends in one request. A chunk the server refuses as too large (413) is sent again, smaller.
   */
  chunkSize?: number | Partial<ChunkSizing>;
  /**
   * Quatrix transport: send the next chunk while the server still answers the last one (two in flight
   * at most), hiding the per-request round trip. Default false: one chunk at a time, in order, as every
   * production Quatrix client sends them. Only for servers that place chunks by `Content-Range`; a
   * server that refuses an overlapping chunk makes the upload fall back to one at a time by itself.
   */
  overlapChunks?: boolean;
  /** Automatic retries after the last progress (default 8), from `retryBaseMs` (500) doubling up to `retryMaxMs` (30 000). */
  maxRetries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** An upload with no progress for this long is restarted (default 30 000 ms). */
  stallTimeoutMs?: number;
  /** With session auth, how often to keep the session alive while files are sent (default 5 minutes). */
  keepaliveIntervalMs?: number;
  /**
   * Where unfinished uploads are remembered across reloads; `false`: nowhere. Default: `localStorage`.
   * A record is removed when its file is done, cancelled or fails for good.
   */
  resume?: boolean | ResumeStorage;
  /**
   * With the default storage, how long an unfinished upload is remembered after it started, in ms
   * (default 24 hours): its upload key is a capability, kept no longer than it can be of use.
   */
  resumeMaxAgeMs?: number;
  /** Online/offline news; default: the browser's. */
  connectivity?: Connectivity;
}

interface Resolved {
  concurrency: number;
  autoStart: boolean;
  sizing: ChunkSizing;
  fixedChunk: boolean;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  stallTimeoutMs: number;
  keepaliveIntervalMs: number;
  overlapChunks: boolean;
  resumeMaxAgeMs: number;
}

function resolve(options: UploaderOptions): Resolved {
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    const v = value ?? fallback;
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v)))
      throw new RangeError(`Uploader: "${name}" must be a number > 0`);
    return v;
  };
  if (!options.target) throw new TypeError('Uploader: "target" is required');
  const chunk = options.chunkSize;
  const fixed = typeof chunk === 'number';
  let sizing: ChunkSizing;
  if (typeof chunk === 'number') {
    sizing = { initial: chunk, min: chunk, max: chunk, targetSeconds: 1 };
  } else {
    const bounds = { min: 5 * MiB, max: DEFAULT_MAX_CHUNK_BYTES, ...chunk };
    // Bounds given without a first size: start at 8 MiB, within them.
    sizing = { initial: Math.min(bounds.max, Math.max(bounds.min, 8 * MiB)), targetSeconds: 3, ...bounds };
  }
  positive('chunkSize', sizing.initial, 1);
  if (sizing.min > sizing.max || sizing.initial < sizing.min || sizing.initial > sizing.max) {
    throw new RangeError('Uploader: "chunkSize" needs min <= initial <= max');
  }
  const maxRetries = options.maxRetries ?? 8;
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0))
    throw new RangeError('Uploader: "maxRetries" must be a whole number >= 0');
  return {
    concurrency: Math.floor(positive('concurrency', options.concurrency, 3)),
    autoStart: options.autoStart ?? true,
    sizing,
    fixedChunk: fixed,
    maxRetries,
    retryBaseMs: positive('retryBaseMs', options.retryBaseMs, 500),
    retryMaxMs: positive('retryMaxMs', options.retryMaxMs, 30_000),
    stallTimeoutMs: positive('stallTimeoutMs', options.stallTimeoutMs, 30_000),
    keepaliveIntervalMs: positive('keepaliveIntervalMs', options.keepaliveIntervalMs, 5 * 60_000),
    overlapChunks: options.overlapChunks ?? false,
    resumeMaxAgeMs: positive('resumeMaxAgeMs', options.resumeMaxAgeMs, DEFAULT_RESUME_MAX_AGE_MS),
  };
}

/** Why a running step was stopped on purpose: not a failure. */
class Stopped extends Error {}

/** The engine's private record of one file; views only ever see `UploadFileState` snapshots. */
interface Entry {
  state: UploadFileState;
  readonly facts: FileFacts;
  readonly folderPath: readonly string[];
  readonly resumeKey: string;
  destination?: Destination;
  ledger?: ChunkLedger;
  tusUrl?: string;
  upload?: tus.Upload;
  /** Aborts the step under way (API calls) and rejects the transfer under way. */
  stop?: (reason: Stopped) => void;
  controller?: AbortController;
  readonly speed: SpeedMeter;
  lastProgressAt: number;
  chunkStartedAt: number;
  /** Counts the runs of this file, so that an old run cannot free the slot of a new one. */
  run?: number;
  /** Stall restarts since the last confirmed chunk. */
  stalls: number;
  /** No retry before this time (ms since the epoch): the longest `Retry-After` any chunk was given. */
  notBefore: number;
  chunkBytes: number;
  /** The largest chunk the server took for this file: lowered by each 413. */
  chunkCap: number;
  /** Deleting the reservation of a cancelled or failed upload: a new link waits for it. */
  discarding?: Promise<void>;
  /** When the first try to reserve this file began (ms since the epoch), until one succeeds. */
  linkSince?: number;
  /** Its upload key belongs to a session that ended: a refusal of it means start afresh. */
  keyOfEndedSession?: boolean;
}

let nextId = 0;

let tusModule: Promise<typeof tus> | undefined;

/**
 * tus-js-client, fetched once, the first time a file is sent (or when an engine is made, in the
 * background): the page shows the elements without waiting for the upload machinery, and a bundle
 * keeps it in a chunk of its own.
 */
function loadTus(): Promise<typeof tus> {
  return (tusModule ??= import('tus-js-client').catch((error: unknown) => {
    tusModule = undefined; // offline for a moment: the next file tries again
    throw error;
  }));
}

/**
 * The upload engine: a queue of files sent to one target through tus-js-client, with explicit states,
 * retries, pause/resume/cancel, CAPTCHA and PIN waits, resume across reloads and coalesced progress.
 * Framework-free: views subscribe to it (`subscribe`, `on`).
 */
export class Uploader extends Emitter<UploaderEvents> {
  readonly target: UploadTarget;
  private readonly options: Resolved;
  private readonly resumeStorage: ResumeStorage;
  private readonly connectivity: Connectivity;
  private readonly entries: Entry[] = [];
  private readonly active = new Set<Entry>();
  private readonly folders: FolderTree;
  private readonly coalescer = new FrameCoalescer(() => this.flush());
  private readonly subscribers = new Set<(state: UploaderState) => void>();
  private status: TargetStatus | undefined;
  private checking: Promise<TargetStatus> | undefined;
  private captchaRequired = false;
  private pinRequired = false;
  private fatalError: UploadError | undefined;
  private filesRemaining: number | undefined;
  private started: boolean;
  private disposed = false;
  private wasBusy = false;
  private readonly unsubscribeConnectivity: () => void;
  private stallTimer: ReturnType<typeof setInterval> | undefined;
  private keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  /** Chunks go without credentials until the site refuses one so; then with them, by fetch. */
  private readonly chunkCredentials: ChunkCredentials = {
    headers: () => this.client.authHeaders(),
    needed: false,
  };

  constructor(options: UploaderOptions) {
    super();
    this.options = resolve(options);
    this.target = options.target;
    this.started = this.options.autoStart;
    this.resumeStorage =
      options.resume === false
        ? new NoResumeStorage()
        : options.resume === true || options.resume === undefined
          ? new LocalResumeStorage(undefined, this.options.resumeMaxAgeMs)
          : options.resume;
    this.connectivity = options.connectivity ?? browserConnectivity;
    // Fetched in the background, unless offline: a failed fetch of a module is remembered by some
    // browsers for the rest of the visit, so it is not risked before a file needs it.
    if (this.connectivity.online) void loadTus().catch(() => {});
    this.folders = new FolderTree((name, parentId) =>
      this.withRetries(undefined, (signal) => this.target.makeFolder(name, parentId, { signal })),
    );
    this.unsubscribeConnectivity = this.connectivity.subscribe((online) =>
      online ? this.wentOnline() : this.wentOffline(),
    );
  }

  get client(): QuatrixClient {
    return this.target.client;
  }

  // ---- state -------------------------------------------------------------------------------------

  /** The current state (a fresh snapshot). */
  getState(): UploaderState {
    const files = this.entries.map((e) => e.state);
    return {
      files,
      totals: totalsOf(files),
      captchaRequired: this.captchaRequired,
      pinRequired: this.pinRequired,
      filesRemaining: this.filesRemaining,
      fatalError: this.fatalError,
    };
  }

  /** Calls `listener` with the state at most once per animation frame after changes; returns an unsubscribe. */
  subscribe(listener: (state: UploaderState) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /** One file's current state. */
  getFile(id: string): UploadFileState | undefined {
    return this.find(id)?.state;
  }

  /** Unfinished uploads of an earlier visit to this target that were not added again yet. */
  listUnfinished(): UnfinishedUpload[] {
    const present = new Set(this.entries.map((e) => e.resumeKey));
    return this.resumeStorage
      .list(this.target.key)
      .filter(([key]) => !present.has(key))
      .map(([, r]) => ({
        name: r.name,
        relativePath: r.relativePath,
        size: r.size,
        lastModified: r.lastModified,
        percent: r.size === 0 ? 0 : Math.floor((r.confirmed / r.size) * 100),
        startedAt: r.startedAt,
      }));
  }

  /** Forgets an unfinished upload of an earlier visit. */
  forgetUnfinished(upload: Pick<UnfinishedUpload, 'relativePath' | 'size' | 'lastModified'>): void {
    this.resumeStorage.remove(resumeKey(this.target.key, upload));
  }

  // ---- adding files ------------------------------------------------------------------------------

  /**
   * Adds files (with their folder paths, when a folder was picked or dropped). Files beyond what the
   * target still accepts are marked failed with `file-limit` before anything is sent.
   */
  addFiles(files: Iterable<File | Blob | FileWithPath>): UploadFileState[] {
    if (this.disposed) throw new Error('Uploader: disposed');
    const added: Entry[] = [];
    for (const item of files) {
      const { file, relativePath } = item instanceof Blob ? { file: item, relativePath: undefined } : item;
      const name = file instanceof File ? file.name : 'blob';
      const path = (relativePath ?? name).split('/').filter((p) => p !== '');
      const facts: FileFacts = {
        name: path[path.length - 1] ?? name,
        size: file.size,
        lastModified: file instanceof File ? file.lastModified : Date.now(),
      };
      const relative = path.join('/') || name;
      const entry: Entry = {
        state: {
          id: `f${++nextId}`,
          file,
          name: facts.name,
          relativePath: relative,
          size: file.size,
          status: 'queued',
          bytesUploaded: 0,
          percent: 0,
          speed: undefined,
          eta: undefined,
          error: undefined,
          pausedBy: undefined,
          retryAttempt: 0,
          retryAt: undefined,
          resumed: false,
          result: undefined,
        },
        facts,
        folderPath: path.slice(0, -1),
        resumeKey: resumeKey(this.target.key, {
          relativePath: relative,
          size: file.size,
          lastModified: facts.lastModified,
        }),
        speed: new SpeedMeter(),
        lastProgressAt: 0,
        chunkStartedAt: 0,
        stalls: 0,
        notBefore: 0,
        chunkBytes: this.options.sizing.initial,
        chunkCap: this.options.sizing.max,
      };
      this.restoreRecord(entry);
      this.entries.push(entry);
      added.push(entry);
      this.emit('file-added', { file: entry.state });
    }
    if (added.length > 0) this.wasBusy = true;
    for (const entry of added) {
      const unsafe = unsafeName([...entry.folderPath, entry.facts.name]);
      if (unsafe) this.refuse(entry, unsafe);
    }
    this.applyAllowance();
    if (this.fatalError) for (const entry of added) this.fail(entry, this.fatalError);
    this.changed();
    this.pump();
    return added.map((e) => e.state);
  }

  // ---- control -----------------------------------------------------------------------------------

  /** Starts sending (needed only with `autoStart: false`). */
  start(): void {
    this.started = true;
    this.pump();
  }

  /** Pauses one file, or all files. */
  pause(id?: string): void {
    for (const entry of this.select(id)) {
      if (TERMINAL_STATUSES.has(entry.state.status) || entry.state.status === 'paused') continue;
      this.halt(entry);
      this.update(entry, { status: 'paused', pausedBy: 'user', speed: undefined, eta: undefined });
    }
    this.pump();
  }

  /** Resumes one paused file, or all. */
  resume(id?: string): void {
    for (const entry of this.select(id)) {
      if (entry.state.status !== 'paused') continue;
      this.update(entry, { status: 'queued', pausedBy: undefined });
    }
    this.start();
  }

  /** Cancels one file, or all that have not ended. */
  cancel(id?: string): void {
    for (const entry of this.select(id)) {
      if (TERMINAL_STATUSES.has(entry.state.status)) continue;
      this.halt(entry);
      this.resumeStorage.remove(entry.resumeKey);
      this.discard(entry);
      this.update(entry, { status: 'cancelled', speed: undefined, eta: undefined });
    }
    this.pump();
  }

  /** Sends a failed (or cancelled) file again; all failed files without an id. */
  retry(id?: string): void {
    for (const entry of this.select(id)) {
      const status = entry.state.status;
      if (status !== 'failed' && !(status === 'cancelled' && id !== undefined)) continue;
      if (entry.state.error?.fatal) continue;
      // A discarded reservation starts again from byte 0.
      const from = entry.destination ? {} : { bytesUploaded: 0, percent: 0 };
      this.update(entry, { status: 'queued', error: undefined, retryAttempt: 0, ...from });
    }
    this.applyAllowance();
    this.start();
  }

  /** Removes ended files from the list. */
  clearFinished(): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (TERMINAL_STATUSES.has(this.entries[i]!.state.status)) this.entries.splice(i, 1);
    }
    this.changed();
  }

  /**
   * Posts a CAPTCHA token; when valid, the files waiting for it continue by themselves.
   * Answers whether the token was accepted.
   */
  async solveCaptcha(token: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    if (!this.target.unblockCaptcha) throw new TypeError('Uploader: this target has no CAPTCHA');
    const unblock = this.target.unblockCaptcha.bind(this.target);
    // A 503 or a dropped connection says nothing about the token: ask again before calling it wrong.
    const result = await this.withRetries(options.signal, (signal) => unblock(token, { signal }));
    if (!result.valid) return false;
    this.captchaRequired = false;
    // Without a count in the answer, the one known before stands.
    if (result.filesRemaining !== undefined) this.filesRemaining = result.filesRemaining;
    this.status = { ...this.status, captchaRequired: false };
    if (this.filesRemaining !== undefined) this.status.filesRemaining = this.filesRemaining;
    this.emit('captcha-solved', { filesRemaining: this.filesRemaining });
    this.unblock('captcha-required');
    return true;
  }

  /** Gives the PIN of a protected file request; rejects with code 84 for a wrong PIN. */
  async submitPin(pin: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    if (!this.target.submitPin) throw new TypeError('Uploader: this target has no PIN');
    try {
      const submit = this.target.submitPin.bind(this.target);
      await this.withRetries(options.signal, (signal) => submit(pin, { signal }));
    } catch (error) {
      if (toUploadError(error).reason === 'pin-required') this.emit('pin-required', { invalid: true });
      throw error;
    }
    this.pinRequired = false;
    this.status = undefined;
    this.unblock('pin-required');
  }

  /** Stops everything and lets go of timers and listeners. */
  dispose(): void {
    this.disposed = true;
    for (const entry of this.entries) this.halt(entry);
    this.unsubscribeConnectivity();
    this.setTimers(false);
    this.subscribers.clear();
  }

  // ---- the queue ---------------------------------------------------------------------------------

  private pump(): void {
    if (this.disposed || !this.started || this.fatalError || !this.connectivity.online)
      return this.afterPump();
    for (const entry of this.entries) {
      if (this.active.size >= this.options.concurrency) break;
      if (entry.state.status !== 'queued') continue;
      // While a CAPTCHA or PIN is awaited every new link would be refused: wait with the rest.
      if (this.captchaRequired || this.pinRequired) {
        this.block(entry, this.captchaRequired ? 'captcha-required' : 'pin-required');
        continue;
      }
      this.active.add(entry);
      const run = (entry.run = (entry.run ?? 0) + 1);
      void this.run(entry).finally(() => {
        // A paused and resumed file may run again already: only its own run lets go of its slot.
        if (entry.run === run) this.active.delete(entry);
        this.pump();
      });
    }
    this.afterPump();
  }

  private afterPump(): void {
    this.setTimers(this.active.size > 0);
    const busy = this.entries.some((e) => !TERMINAL_STATUSES.has(e.state.status));
    if (this.wasBusy && !busy && this.entries.length > 0) {
      const files = this.entries.map((e) => e.state);
      this.emit('all-done', {
        successful: files.filter((f) => f.status === 'done'),
        failed: files.filter((f) => f.status === 'failed'),
      });
    }
    this.wasBusy = busy;
  }

  private async run(entry: Entry): Promise<void> {
    const controller = (entry.controller = new AbortController());
    const signal = controller.signal;
    try {
      this.update(entry, { status: 'preparing' });
      await this.check(signal);
      if (!entry.destination) {
        // The reservation of an earlier, cancelled try must be gone first, or the new one is renamed.
        if (entry.discarding) await entry.discarding;
        this.ensureRunning(entry, signal);
        const parentId = await this.folders.ensure(entry.folderPath);
        this.ensureRunning(entry, signal);
        // From the first try on: a try whose answer is lost may have reserved the file all the same.
        const since = (entry.linkSince ??= Date.now());
        entry.destination = await this.withRetries(signal, (s) =>
          this.target.link(entry.facts, parentId, { signal: s, since }),
        );
        entry.linkSince = undefined;
        // The server counted this file against the allowance it reported.
        if (this.filesRemaining !== undefined) this.filesRemaining = Math.max(0, this.filesRemaining - 1);
        this.remember(entry);
      }
      this.ensureRunning(entry, signal);
      const result = await this.transfer(entry);
      this.succeed(entry, result);
    } catch (error) {
      if (error instanceof Stopped || signal.aborted) return;
      const failure = toUploadError(error);
      if (
        (entry.state.resumed || entry.keyOfEndedSession) &&
        (failure.reason === 'not-found' || failure.reason === 'unauthorized')
      ) {
        // The upload of an earlier visit is gone, or its key belonged to a session that has ended:
        // drop it and start afresh, unless even that cannot be cleaned up (this session ended too).
        if (await this.startAfresh(entry, signal)) return this.run(entry);
        if (signal.aborted) return;
      }
      this.handleFailure(entry, failure);
    } finally {
      if (entry.controller === controller) entry.controller = undefined;
    }
  }

  /** Bytes of one file through tus-js-client, then finalize; resolves with the server's result. */
  private async transfer(entry: Entry): Promise<UploadResult> {
    const destination = entry.destination!;
    await this.send(entry, destination);
    if (destination.transport === 'tus') {
      const id = entry.tusUrl?.split('/').pop() ?? '';
      return { fileId: id, parentId: '', size: entry.facts.size };
    }
    this.update(entry, { status: 'finalizing', speed: undefined, eta: 0, retryAt: undefined });
    const result = await this.withRetries(entry.controller?.signal, (signal) =>
      this.target.finalize(destination, entry.facts, { signal }),
    );
    if (result.size !== entry.facts.size) {
      throw new UploadError(
        'size-mismatch',
        `the server stored ${result.size} bytes of ${entry.facts.size}`,
        {
          details: { expected: entry.facts.size, stored: result.size },
        },
      );
    }
    return result;
  }

  private async send(entry: Entry, destination: Destination): Promise<void> {
    const signal = entry.controller?.signal;
    const { Upload } = await loadTus().catch((error: unknown) => {
      // The upload code could not be fetched (offline, blocked): like any network failure, a retry can fix it.
      throw new UploadError('network', 'could not load the upload code', { cause: error });
    });
    if (signal?.aborted) throw new Stopped();
    return new Promise<void>((resolvePromise, reject) => {
      const client = this.client;
      const options = this.options;
      const retryDelays = Array.from({ length: options.maxRetries }, (_, i) =>
        backoffDelay(i, options.retryBaseMs, options.retryMaxMs),
      );
      const common: tus.UploadOptions = {
        chunkSize: entry.chunkBytes,
        retryDelays,
        onBeforeRequest: (req) => {
          if (req.getMethod() === 'PATCH') entry.chunkStartedAt = performance.now();
          // Quatrix chunks carry no credential by default (see QuatrixHttpStack); a tus gateway gets them.
          if (destination.transport === 'tus')
            for (const [name, value] of Object.entries(client.authHeaders())) req.setHeader(name, value);
        },
        onShouldRetry: (err, attempt, opts) => this.shouldRetry(entry, err, attempt, opts),
        onProgress: (sent) => this.progress(entry, sent),
        onError: (error) => {
          // tus gave up: stop the other chunk that may still be in flight.
          void upload.abort();
          reject(this.transferError(error));
        },
        onSuccess: () => resolvePromise(),
      };
      let upload: tus.Upload;
      if (destination.transport === 'quatrix') {
        const ledger = (entry.ledger ??= {
          size: entry.facts.size,
          confirmed: 0,
          onConfirmed: () => {},
        });
        ledger.onConfirmed = (_offset, bytes, elapsedMs) => this.confirmed(entry, bytes, elapsedMs);
        // The chunk about to go is written down first: should the page close before its answer, the
        // next visit knows the server may have it.
        ledger.onSending = () => this.remember(entry);
        ledger.onSendRate = (bytes, elapsedMs) => this.sizeNextChunk(entry, bytes, elapsedMs);
        ledger.onRetryAfter = (seconds) => {
          entry.notBefore = Math.max(entry.notBefore, Date.now() + seconds * 1000);
        };
        upload = new Upload(entry.state.file, {
          ...common,
          uploadUrl: client.chunkUrl(destination.uploadKey),
          uploadSize: entry.facts.size,
          httpStack: new QuatrixHttpStack(
            ledger,
            client.requestCredentials === 'include',
            options.overlapChunks,
            this.chunkCredentials,
          ),
          storeFingerprintForResuming: false,
        });
      } else {
        upload = new Upload(entry.state.file, {
          ...common,
          endpoint: destination.endpoint,
          ...(entry.tusUrl ? { uploadUrl: entry.tusUrl } : {}),
          metadata: {
            ...destination.metadata,
            filetype: entry.state.file.type || 'application/octet-stream',
          },
          uploadSize: entry.facts.size,
          storeFingerprintForResuming: true,
          removeFingerprintOnSuccess: true,
          onUploadUrlAvailable: () => {
            entry.tusUrl = upload.url ?? undefined;
          },
          onChunkComplete: (bytes) => this.confirmed(entry, bytes, performance.now() - entry.chunkStartedAt),
        });
      }
      entry.upload = upload;
      entry.stop = (reason) => {
        void upload.abort();
        reject(reason);
      };
      entry.lastProgressAt = performance.now();
      entry.speed.reset();
      this.update(entry, { status: 'uploading', retryAt: undefined });
      if (destination.transport === 'tus' && !entry.tusUrl) {
        // Continue an upload of an earlier visit that tus-js-client remembered, if any.
        void upload.findPreviousUploads().then(
          (previous) => {
            if (entry.upload !== upload || entry.state.status !== 'uploading') return;
            const last = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
            if (last) upload.resumeFromPreviousUpload(last);
            upload.start();
          },
          () => {
            if (entry.upload === upload && entry.state.status === 'uploading') upload.start();
          },
        );
      } else {
        upload.start();
      }
    });
  }

  /** The one retry policy: network faults, 429 and 5xx; never other 4xx; `Retry-After` honoured. */
  private shouldRetry(
    entry: Entry,
    err: tus.DetailedError,
    attempt: number,
    opts: tus.UploadOptions,
  ): boolean {
    // Cancelled, paused or failed meanwhile: this upload is over, whatever tus-js-client reports late.
    if (entry.state.status !== 'uploading' && entry.state.status !== 'retrying') return false;
    const response = err.originalResponse;
    const status = response?.getStatus() ?? 0;
    // A redirect is never followed, so sending again would only be sent away again.
    if (err.causingError instanceof ChunkRedirectedError) return false;
    if (status === 413 && this.connectivity.online && this.shrinkChunk(entry)) {
      // Too large for this server: the same range goes again at once, in a smaller chunk.
      if (opts.retryDelays) opts.retryDelays[attempt] = 0;
      this.update(entry, { status: 'retrying', retryAttempt: attempt + 1, retryAt: Date.now() });
      return true;
    }
    if (!shouldRetryStatus(status) || !this.connectivity.online) return false;
    const retryAfter = Number(response?.getHeader('Retry-After'));
    const delays = opts.retryDelays;
    if (delays) {
      // tus-js-client waits retryDelays[attempt] next: the backoff, or longer when the server said so.
      const backoff = backoffDelay(attempt, this.options.retryBaseMs, this.options.retryMaxMs);
      const asked = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0;
      delays[attempt] = Math.max(backoff, asked, entry.notBefore - Date.now());
    }
    const delay = delays?.[attempt] ?? 0;
    this.update(entry, {
      status: 'retrying',
      retryAttempt: attempt + 1,
      retryAt: Date.now() + delay,
      speed: undefined,
      eta: undefined,
    });
    return true;
  }

  private transferError(error: Error | tus.DetailedError): Error {
    const detailed = error as tus.DetailedError;
    const response = detailed.originalResponse;
    const request = detailed.originalRequest;
    const url = request?.getURL() ?? '';
    if (detailed.causingError instanceof ChunkRedirectedError)
      return new QuatrixRedirectError('POST', url, detailed.causingError.status);
    if (response && response.getStatus() > 0) {
      return errorFromAnswer(
        'POST',
        url,
        response.getStatus(),
        response.getBody(),
        response.getHeader('Retry-After') ?? null,
      );
    }
    return new QuatrixNetworkError(request?.getMethod() ?? 'POST', url, detailed.causingError ?? error);
  }

  private progress(entry: Entry, sent: number): void {
    if (entry.state.status !== 'uploading' && entry.state.status !== 'retrying') return;
    const now = performance.now();
    entry.lastProgressAt = now;
    entry.speed.sample(sent, now);
    const speed = entry.speed.bytesPerSecond;
    const patch: Partial<UploadFileState> = {
      bytesUploaded: sent,
      percent: percentOf(sent, entry.facts.size),
      speed,
      eta: etaSeconds(entry.facts.size - sent, speed),
    };
    if (entry.state.status === 'retrying') Object.assign(patch, { status: 'uploading', retryAt: undefined });
    this.update(entry, patch);
  }

  /** A chunk was confirmed: remember it for resume and size the next chunk. */
  private confirmed(entry: Entry, bytes: number, elapsedMs: number): void {
    if (bytes <= 0) return;
    entry.stalls = 0;
    if (entry.state.status === 'retrying') this.update(entry, { status: 'uploading', retryAt: undefined });
    this.update(entry, { retryAttempt: 0 });
    this.remember(entry);
    // With overlap the next chunk was already sized from the send rate.
    if (!this.options.overlapChunks || entry.destination?.transport !== 'quatrix')
      this.sizeNextChunk(entry, bytes, elapsedMs);
  }

  /** tus-js-client reads `chunkSize` again for every chunk: adapt it to the measured speed. */
  private sizeNextChunk(entry: Entry, bytes: number, elapsedMs: number): void {
    if (this.options.fixedChunk || !entry.upload || bytes <= 0) return;
    entry.chunkBytes = Math.min(entry.chunkCap, nextChunkSize(this.options.sizing, bytes, elapsedMs));
    entry.upload.options.chunkSize = entry.chunkBytes;
  }

  /**
   * The server refused a chunk as too large (413): halve the largest chunk this file may send, fixed
   * size or not. False when it is already as small as it gets, and the file fails.
   */
  private shrinkChunk(entry: Entry): boolean {
    const refused = Math.min(entry.chunkBytes, entry.ledger?.lastChunkBytes ?? entry.chunkBytes);
    const smaller = Math.floor(refused / 2);
    if (smaller < SMALLEST_CHUNK_BYTES) return false;
    entry.chunkCap = entry.chunkBytes = smaller;
    if (entry.upload) entry.upload.options.chunkSize = smaller;
    return true;
  }

  // ---- target-wide conditions --------------------------------------------------------------------

  /** The target's status, asked once (again after a CAPTCHA or PIN was given). */
  private async check(signal: AbortSignal): Promise<void> {
    if (!this.status) {
      // Shared by every file: no one file's pause or cancel may abort it for the others.
      this.checking ??= this.withRetries(undefined, (s) => this.target.check({ signal: s })).finally(() => {
        this.checking = undefined;
      });
      const status = await this.checking;
      if (signal.aborted) throw new Stopped();
      this.status = status;
      this.filesRemaining = status.filesRemaining;
      if (status.captchaRequired && !this.captchaRequired) this.requireCaptcha();
      this.applyAllowance();
    }
    if (this.captchaRequired) throw new UploadError('captcha-required', 'a CAPTCHA must be solved first');
  }

  private requireCaptcha(): void {
    this.captchaRequired = true;
    const waiting = this.entries.filter((e) => !TERMINAL_STATUSES.has(e.state.status)).length;
    this.emit('captcha-required', { filesWaiting: waiting });
  }

  /**
   * Marks the files the target can no longer accept, before anything is sent: beyond the allowance
   * (`file-limit`) or beyond the storage left (`restricted`).
   */
  private applyAllowance(): void {
    this.refuseOverCount();
    this.refuseOverQuota();
  }

  /** Files beyond what the target still accepts fail with `file-limit`; files already linked are counted. */
  private refuseOverCount(): void {
    if (this.filesRemaining === undefined) return;
    let room = this.filesRemaining;
    let refused = false;
    for (const entry of this.pending()) {
      if (room > 0) {
        room--;
        continue;
      }
      refused = true;
      this.refuse(
        entry,
        new UploadError('file-limit', 'the target accepts no more files', {
          details: { filesRemaining: this.filesRemaining },
        }),
      );
    }
    if (refused) this.emit('limit-reached', { filesRemaining: this.filesRemaining });
  }

  /** Files that cannot fit the storage left fail with `restricted`, in the order they were added. */
  private refuseOverQuota(): void {
    const bytesRemaining = this.status?.bytesRemaining;
    if (bytesRemaining === undefined) return;
    let left = bytesRemaining;
    for (const entry of this.pending()) {
      if (entry.facts.size <= left) {
        left -= entry.facts.size;
        continue;
      }
      this.refuse(
        entry,
        new UploadError('restricted', 'the file does not fit the storage left', {
          details: { bytesRemaining: left, size: entry.facts.size },
        }),
      );
    }
  }

  /** Files not ended and not yet linked: the ones a limit can still keep from being sent. */
  private pending(): Entry[] {
    return this.entries.filter((e) => !TERMINAL_STATUSES.has(e.state.status) && !e.destination);
  }

  private refuse(entry: Entry, error: UploadError): void {
    this.halt(entry);
    this.fail(entry, error);
    this.emit('file-rejected', { file: entry.state, error });
  }

  private handleFailure(entry: Entry, error: UploadError): void {
    switch (error.reason) {
      case 'captcha-required':
        if (!this.captchaRequired) this.requireCaptcha();
        this.status = undefined;
        this.block(entry, 'captcha-required', error);
        return;
      case 'pin-required':
        this.pinRequired = true;
        this.status = undefined;
        this.emit('pin-required', { invalid: false });
        this.block(entry, 'pin-required', error);
        for (const other of this.entries)
          if (other.state.status === 'queued') this.block(other, 'pin-required', error);
        return;
      case 'file-limit': {
        this.filesRemaining = 0;
        this.fail(entry, error);
        this.applyAllowance();
        return;
      }
      case 'network':
      case 'server':
        // Offline, a passing failure (no answer, or a 5xx/429 that came as the connection went) waits
        // for the connection, even when the 'offline' event has not arrived yet.
        if (!this.connectivity.online) {
          this.update(entry, { status: 'paused', pausedBy: 'offline', speed: undefined, eta: undefined });
          return;
        }
        break;
      default:
        if (error.fatal) {
          this.fatalError = error;
          this.fail(entry, error);
          for (const other of this.entries) {
            if (other === entry || TERMINAL_STATUSES.has(other.state.status)) continue;
            this.halt(other);
            this.fail(other, error);
          }
          this.emit('fatal', { error });
          return;
        }
    }
    this.fail(entry, error);
  }

  private block(entry: Entry, reason: 'captcha-required' | 'pin-required', cause?: UploadError): void {
    this.update(entry, {
      status: 'blocked',
      error:
        cause ??
        new UploadError(
          reason,
          reason === 'captcha-required' ? 'waiting for a CAPTCHA' : 'waiting for a PIN',
        ),
      speed: undefined,
      eta: undefined,
    });
  }

  private unblock(reason: 'captcha-required' | 'pin-required'): void {
    for (const entry of this.entries) {
      if (entry.state.status === 'blocked' && entry.state.error?.reason === reason) {
        this.update(entry, { status: 'queued', error: undefined });
      }
    }
    this.pump();
  }

  // ---- connectivity, stalls and keepalive -------------------------------------------------------

  private wentOffline(): void {
    for (const entry of [...this.active]) {
      this.halt(entry);
      this.update(entry, { status: 'paused', pausedBy: 'offline', speed: undefined, eta: undefined });
    }
  }

  private wentOnline(): void {
    for (const entry of this.entries) {
      if (entry.state.status === 'paused' && entry.state.pausedBy === 'offline') {
        this.update(entry, { status: 'queued', pausedBy: undefined });
      }
    }
    this.pump();
  }

  private setTimers(on: boolean): void {
    if (on && !this.stallTimer) {
      this.stallTimer = setInterval(
        () => this.checkStalls(),
        Math.min(1000, this.options.stallTimeoutMs / 2),
      );
      if (this.client.auth.type === 'session' || this.target.key.startsWith('request:')) {
        this.keepaliveTimer = setInterval(() => {
          this.client.keepalive().catch(() => undefined);
        }, this.options.keepaliveIntervalMs);
      }
    } else if (!on && this.stallTimer) {
      clearInterval(this.stallTimer);
      clearInterval(this.keepaliveTimer);
      this.stallTimer = this.keepaliveTimer = undefined;
    }
  }

  /** An upload with no progress for `stallTimeoutMs` is cut and started again from the confirmed offset. */
  private checkStalls(): void {
    const now = performance.now();
    for (const entry of this.active) {
      if (entry.state.status !== 'uploading' || !entry.upload) continue;
      if (now - entry.lastProgressAt < this.options.stallTimeoutMs) continue;
      const upload = entry.upload;
      entry.lastProgressAt = now;
      if (++entry.stalls > this.options.maxRetries) {
        entry.stop?.(
          new UploadError(
            'network',
            `no progress for ${this.options.stallTimeoutMs} ms, ${entry.stalls - 1} times`,
          ),
        );
        entry.stop = undefined;
        continue;
      }
      this.update(entry, { status: 'retrying', retryAttempt: entry.stalls, retryAt: Date.now() });
      // The stack ignores the answers of the aborted chunks, so only the restarted loop goes on.
      void upload.abort().then(() => {
        if (entry.upload === upload && entry.state.status === 'retrying') upload.start();
      });
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** Runs an API step with the retry policy for retryable failures (network, 429, 5xx). */
  private withRetries<T>(
    signal: AbortSignal | undefined,
    step: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    return retryTransient(step, {
      signal,
      maxRetries: this.options.maxRetries,
      baseMs: this.options.retryBaseMs,
      maxMs: this.options.retryMaxMs,
      online: () => this.connectivity.online,
    });
  }

  private ensureRunning(entry: Entry, signal: AbortSignal): void {
    if (signal.aborted || entry.state.status !== 'preparing') throw new Stopped();
  }

  /** Stops whatever runs for this file, silently. */
  private halt(entry: Entry): void {
    entry.controller?.abort();
    entry.controller = undefined;
    entry.stop?.(new Stopped());
    entry.stop = undefined;
    this.active.delete(entry);
  }

  private succeed(entry: Entry, result: UploadResult): void {
    this.resumeStorage.remove(entry.resumeKey);
    entry.stop = undefined;
    this.update(entry, {
      status: 'done',
      bytesUploaded: entry.facts.size,
      percent: 100,
      speed: undefined,
      eta: 0,
      result,
      retryAt: undefined,
    });
    this.emit('file-done', { file: entry.state, result });
  }

  /**
   * Deletes the server's reservation of a cancelled or finally failed upload, where the target can, so
   * no unfinished file stays behind in the folder; the file then starts afresh if tried again.
   */
  private discard(entry: Entry): void {
    const destination = entry.destination;
    const target = this.target;
    if (destination?.transport !== 'quatrix' || !target.discard) return;
    entry.destination = undefined;
    entry.ledger = undefined;
    this.resumeStorage.remove(entry.resumeKey);
    const previous = entry.discarding ?? Promise.resolve();
    entry.discarding = previous
      .then(() => this.withRetries(undefined, (signal) => target.discard!(destination, { signal })))
      .catch(() => undefined);
  }

  private fail(entry: Entry, error: UploadError): void {
    entry.stop = undefined;
    if (error.reason === 'unauthorized' && entry.destination) {
      // The session ended: the reservation cannot be deleted now, and its key is all that finds it
      // again. Key and record stay until the file is tried again after signing in (here, or in a new
      // engine from the record): then the dead key is dropped, the reservation deleted, and the file
      // starts afresh under its own name.
      entry.keyOfEndedSession = true;
    } else if (error.reason === 'unauthorized' && entry.linkSince !== undefined) {
      // Ended while reserving: a try whose answer was lost may have reserved the file. A record without
      // a key keeps when that began, so that the next try, in a new engine too, finds that reservation.
      this.resumeStorage.set(entry.resumeKey, {
        ...this.recordOf(entry),
        uploadKey: '',
        confirmed: 0,
        startedAt: entry.linkSince,
      });
    } else {
      this.discard(entry);
      // Failed for good: its upload key is no longer kept anywhere but in this page's memory.
      this.resumeStorage.remove(entry.resumeKey);
    }
    this.update(entry, { status: 'failed', error, speed: undefined, eta: undefined, retryAt: undefined });
    this.emit('file-failed', { file: entry.state, error });
  }

  private remember(entry: Entry): void {
    if (entry.destination?.transport !== 'quatrix') return;
    this.resumeStorage.set(entry.resumeKey, this.recordOf(entry));
  }

  private recordOf(entry: Entry): ResumeRecord {
    const d = entry.destination?.transport === 'quatrix' ? entry.destination : undefined;
    const previous = this.resumeStorage.get(entry.resumeKey);
    return {
      targetKey: this.target.key,
      uploadKey: d?.uploadKey ?? '',
      fileId: d?.fileId,
      replaces: d?.replaces,
      name: entry.facts.name,
      relativePath: entry.state.relativePath,
      size: entry.facts.size,
      lastModified: entry.facts.lastModified,
      confirmed: entry.ledger?.confirmed ?? 0,
      unanswered: entry.ledger?.uncertain,
      startedAt: previous?.startedAt ?? Date.now(),
    };
  }

  private restoreRecord(entry: Entry): void {
    // The same file added twice: the second copy is an upload of its own, not a resume of the first.
    if (this.entries.some((e) => e.resumeKey === entry.resumeKey && !TERMINAL_STATUSES.has(e.state.status)))
      return;
    const record = this.resumeStorage.get(entry.resumeKey);
    if (!record || record.targetKey !== this.target.key || record.size !== entry.facts.size) return;
    if (!record.uploadKey) {
      // Reserving had begun when the session ended: the next try looks for a reservation since then.
      entry.linkSince = record.startedAt;
      return;
    }
    entry.destination = {
      transport: 'quatrix',
      uploadKey: record.uploadKey,
      fileId: record.fileId,
      replaces: record.replaces,
    };
    entry.ledger = {
      size: record.size,
      confirmed: Math.min(record.confirmed, record.size),
      uncertain: record.unanswered,
      onConfirmed: () => {},
    };
    entry.state = {
      ...entry.state,
      resumed: true,
      bytesUploaded: entry.ledger.confirmed,
      percent: percentOf(entry.ledger.confirmed, record.size),
    };
  }

  /**
   * Lets go of an earlier visit's upload whose key no longer works. Where the target can, the file the
   * server reserved for it is deleted first, so that the fresh upload keeps the name instead of
   * becoming `name (1)`; should that fail (the current session ended too), the record stays, to be
   * cleaned up after signing in again, and this answers false.
   */
  private async startAfresh(entry: Entry, signal: AbortSignal): Promise<boolean> {
    const stale = entry.destination;
    const target = this.target;
    if (stale?.transport === 'quatrix' && target.discard) {
      try {
        await this.withRetries(signal, (s) => target.discard!(stale, { signal: s }));
      } catch (error) {
        // Deleted already (or never made): nothing is left to clean up.
        if (toUploadError(error).reason !== 'not-found') return false;
      }
    }
    if (signal.aborted) return false;
    this.resumeStorage.remove(entry.resumeKey);
    entry.destination = undefined;
    entry.ledger = undefined;
    entry.keyOfEndedSession = false;
    entry.state = { ...entry.state, resumed: false, bytesUploaded: 0, percent: 0 };
    return true;
  }

  private select(id: string | undefined): Entry[] {
    if (id === undefined) return [...this.entries];
    const entry = this.find(id);
    return entry ? [entry] : [];
  }

  private find(id: string): Entry | undefined {
    return this.entries.find((e) => e.state.id === id);
  }

  private update(entry: Entry, patch: Partial<UploadFileState>): void {
    const previous = entry.state.status;
    entry.state = { ...entry.state, ...patch };
    if (patch.status !== undefined && patch.status !== previous) {
      this.emit('file-status', { file: entry.state, previous });
    }
    this.changed();
  }

  private changed(): void {
    this.coalescer.schedule();
  }

  private flush(): void {
    const state = this.getState();
    for (const listener of [...this.subscribers]) listener(state);
    this.emit('change', state);
  }
}

/** The refusal for the first name on a path that Quatrix would not take, before anything is sent. */
function unsafeName(segments: readonly string[]): UploadError | undefined {
  for (const segment of segments) {
    const problem = nameProblem(segment);
    if (problem) {
      return new UploadError('name', `the name ${JSON.stringify(segment)} is not accepted: ${problem}`, {
        details: { problem, name: segment },
      });
    }
  }
  return undefined;
}

function percentOf(bytes: number, size: number): number {
  return size === 0 ? 0 : Math.min(100, (bytes / size) * 100);
}

const ZERO_COUNTS: Record<UploadStatus, number> = {
  queued: 0,
  preparing: 0,
  uploading: 0,
  paused: 0,
  retrying: 0,
  finalizing: 0,
  done: 0,
  failed: 0,
  cancelled: 0,
  blocked: 0,
};

function totalsOf(files: readonly UploadFileState[]): UploadTotals {
  const counts = { ...ZERO_COUNTS };
  let bytesUploaded = 0;
  let bytesTotal = 0;
  let speed: number | undefined;
  for (const f of files) {
    counts[f.status]++;
    if (f.status === 'cancelled') continue;
    bytesTotal += f.size;
    bytesUploaded += f.bytesUploaded;
    if (f.speed !== undefined) speed = (speed ?? 0) + f.speed;
  }
  return {
    bytesUploaded,
    bytesTotal,
    percent: percentOf(bytesUploaded, bytesTotal),
    speed,
    eta: etaSeconds(bytesTotal - bytesUploaded, speed),
    counts,
  };
}
