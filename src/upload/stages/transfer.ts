import type * as tus from 'tus-js-client';
import { errorFromAnswer, QuatrixNetworkError, QuatrixRedirectError } from '../../api/index.js';
import type { EngineContext } from '../context.js';
import { percentOf, sentFacts, Stopped, type Entry } from '../entry.js';
import { UploadError } from '../errors.js';
import { etaSeconds } from '../progress.js';
import { backoffDelay, chunkRetryDelay, shouldRetryStatus } from '../retry.js';
import type { Destination } from '../targets/index.js';
import type { UploadResult } from '../types.js';
import { nextChunkSize, shrunkChunk } from '../transports/chunk-size.js';
import { isRedirected, loadTransport } from '../transports/load.js';
import type { ChunkCredentials } from '../transports/quatrix-http-stack.js';
import type { TransportJob } from '../transports/types.js';

/**
 * The transfer stage: a reserved file's bytes through its transport, with the chunk retry policy,
 * progress, adaptive chunk sizes and the confirmed bytes written down for resume. Resolves with the
 * server's result when the transport needs no finalize, else undefined.
 */
export class TransferStage {
  /** Chunks go without credentials until the site refuses one so; then with them, by fetch. */
  readonly #credentials: ChunkCredentials;

  readonly #ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
    this.#credentials = { headers: () => ctx.target.client.authHeaders(), needed: false };
    // Fetched in the background, unless offline (see Journey.load).
    if (ctx.connectivity.online) void loadTransport(ctx.target.transport ?? 'quatrix').catch(() => {});
  }

  async send(entry: Entry, destination: Destination, body: Blob): Promise<UploadResult | undefined> {
    const signal = entry.controller?.signal;
    const transport = await loadTransport(destination.transport).catch((error: unknown) => {
      // The upload code could not be fetched (offline, blocked): like any network failure, a retry can fix it.
      throw new UploadError('network', 'could not load the upload code', { cause: error });
    });
    if (signal?.aborted) throw new Stopped();
    const { client } = this.#ctx.target;
    const { options } = this.#ctx;
    let job: TransportJob;
    await new Promise<void>((resolvePromise, reject) => {
      const common: tus.UploadOptions = {
        chunkSize: entry.chunkBytes,
        retryDelays: Array.from({ length: options.maxRetries }, (_, i) =>
          backoffDelay(i, options.retryBaseMs, options.retryMaxMs),
        ),
        onBeforeRequest: (req) => {
          if (req.getMethod() === 'PATCH') entry.chunkStartedAt = performance.now();
          if (transport.signsRequests)
            for (const [name, value] of Object.entries(client.authHeaders())) req.setHeader(name, value);
        },
        onShouldRetry: (err, attempt, opts) => this.#shouldRetry(entry, err, attempt, opts),
        onProgress: (sent) => this.#progress(entry, sent),
        onError: (error) => {
          // The transport gave up: stop the other chunk that may still be in flight.
          void upload.abort();
          reject(transferError(error));
        },
        onSuccess: () => resolvePromise(),
      };
      job = {
        entry,
        destination,
        body,
        client,
        options,
        credentials: this.#credentials,
        common,
        confirmed: (bytes, elapsedMs) => this.#confirmed(entry, bytes, elapsedMs),
        sizeNext: (bytes, elapsedMs) => this.#sizeNextChunk(entry, bytes, elapsedMs),
        remember: () => this.#ctx.resume.remember(entry),
      };
      const upload = transport.create(job);
      const transfer = (entry.transfer = {
        stop: (reason: Error) => {
          void upload.abort();
          reject(reason);
        },
        restart: () => {
          // The stack ignores the answers of the aborted chunks, so only the restarted loop goes on.
          void upload.abort().then(() => {
            if (entry.transfer === transfer && entry.state.status === 'retrying') upload.start();
          });
        },
        setChunkSize: (bytes: number) => {
          upload.options.chunkSize = bytes;
        },
      });
      entry.lastProgressAt = performance.now();
      entry.speed.reset();
      this.#ctx.book.move(entry, 'uploading', { retryAt: undefined });
      transport.begin(upload, job, () => entry.transfer === transfer && entry.state.status === 'uploading');
    });
    return transport.resultOf(job!);
  }

  /** The one retry policy for chunks: network faults, 429 and 5xx; never other 4xx; `Retry-After` honoured. */
  #shouldRetry(entry: Entry, err: tus.DetailedError, attempt: number, opts: tus.UploadOptions): boolean {
    // Cancelled, paused or failed meanwhile: this upload is over, whatever the transport reports late.
    if (entry.state.status !== 'uploading' && entry.state.status !== 'retrying') return false;
    const response = err.originalResponse;
    const status = response?.getStatus() ?? 0;
    const online = this.#ctx.connectivity.online;
    // A redirect is never followed, so sending again would only be sent away again.
    if (isRedirected(err.causingError)) return false;
    if (status === 413 && online && this.#shrinkChunk(entry)) {
      // Too large for this server: the same range goes again at once, in a smaller chunk.
      if (opts.retryDelays) opts.retryDelays[attempt] = 0;
      this.#ctx.book.move(entry, 'retrying', { retryAttempt: attempt + 1, retryAt: Date.now() });
      return true;
    }
    if (!shouldRetryStatus(status) || !online) return false;
    const delays = opts.retryDelays;
    // The transport waits retryDelays[attempt] next: the backoff, or longer when the server said so.
    if (delays)
      delays[attempt] = chunkRetryDelay(
        attempt,
        this.#ctx.options,
        Number(response?.getHeader('Retry-After')),
        entry.notBefore,
      );
    const delay = delays?.[attempt] ?? 0;
    this.#ctx.book.move(entry, 'retrying', {
      retryAttempt: attempt + 1,
      retryAt: Date.now() + delay,
      speed: undefined,
      eta: undefined,
    });
    return true;
  }

  #progress(entry: Entry, sent: number): void {
    const status = entry.state.status;
    if (status !== 'uploading' && status !== 'retrying') return;
    const now = performance.now();
    entry.lastProgressAt = now;
    entry.speed.sample(sent, now);
    const speed = entry.speed.bytesPerSecond;
    // An encrypted copy is larger than the file: progress is its share, told in the file's own bytes.
    const total = sentFacts(entry).size;
    const share = total === 0 ? 0 : Math.min(1, sent / total);
    // Bytes sent again (a chunk whose answer a pause or a fault cut off) were shown once already:
    // progress waits for them instead of going back. A start from scratch sets it to 0 first.
    const patch = {
      bytesUploaded: Math.max(entry.state.bytesUploaded, Math.round(share * entry.facts.size)),
      percent: Math.max(entry.state.percent, percentOf(sent, total)),
      speed,
      eta: etaSeconds(total - sent, speed),
    };
    if (status === 'retrying') this.#ctx.book.move(entry, 'uploading', { ...patch, retryAt: undefined });
    else this.#ctx.book.patch(entry, patch);
  }

  /** A chunk was confirmed: remember it for resume and size the next chunk. */
  #confirmed(entry: Entry, bytes: number, elapsedMs: number): void {
    if (bytes <= 0) return;
    entry.stalls = 0;
    if (entry.state.status === 'retrying') this.#ctx.book.move(entry, 'uploading', { retryAt: undefined });
    this.#ctx.book.patch(entry, { retryAttempt: 0 });
    this.#ctx.resume.remember(entry);
    // With overlap the next chunk was already sized from the send rate.
    if (!this.#ctx.options.overlapChunks || entry.destination?.transport !== 'quatrix')
      this.#sizeNextChunk(entry, bytes, elapsedMs);
  }

  /** The transport reads `chunkSize` again for every chunk: adapt it to the measured speed. */
  #sizeNextChunk(entry: Entry, bytes: number, elapsedMs: number): void {
    const { options } = this.#ctx;
    if (options.fixedChunk || !entry.transfer || bytes <= 0) return;
    entry.chunkBytes = Math.min(entry.chunkCap, nextChunkSize(options.sizing, bytes, elapsedMs));
    entry.transfer.setChunkSize(entry.chunkBytes);
  }

  /**
   * The server refused a chunk as too large (413): halve the largest chunk this file may send, fixed
   * size or not. False when it is already as small as it gets, and the file fails.
   */
  #shrinkChunk(entry: Entry): boolean {
    const smaller = shrunkChunk(Math.min(entry.chunkBytes, entry.ledger?.lastChunkBytes ?? entry.chunkBytes));
    if (smaller === undefined) return false;
    entry.chunkCap = entry.chunkBytes = smaller;
    entry.transfer?.setChunkSize(smaller);
    return true;
  }
}

/** What the transport's failure means, as the API client's typed errors. */
function transferError(error: Error | tus.DetailedError): Error {
  const detailed = error as tus.DetailedError;
  const response = detailed.originalResponse;
  const request = detailed.originalRequest;
  const url = request?.getURL() ?? '';
  if (isRedirected(detailed.causingError))
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
