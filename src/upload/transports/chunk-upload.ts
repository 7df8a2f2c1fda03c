import type { HttpRequest, HttpResponse, HttpStack, UploadOptions } from 'tus-js-client';

/**
 * A chunk the loop could not get confirmed: the request, the server's answer when there was one, and
 * the network error when there was none. Shaped as tus-js-client's `DetailedError`, so that one retry
 * policy and one error mapping serve both transports.
 */
export class ChunkUploadError extends Error {
  constructor(
    message: string,
    readonly originalRequest: HttpRequest,
    readonly originalResponse: HttpResponse | null,
    readonly causingError: Error | null,
  ) {
    super(message, causingError ? { cause: causingError } : undefined);
    this.name = 'ChunkUploadError';
  }
}

/** What the loop reads of its options: tus-js-client's names, so both transports share them. */
export type ChunkUploadOptions = Pick<
  UploadOptions,
  | 'chunkSize'
  | 'retryDelays'
  | 'onBeforeRequest'
  | 'onShouldRetry'
  | 'onProgress'
  | 'onChunkComplete'
  | 'onSuccess'
  | 'onError'
> & { readonly uploadUrl: string; readonly uploadSize: number; readonly httpStack: HttpStack };

/**
 * The Quatrix chunk loop: one file's bytes, chunk after chunk, through the chunk stack
 * (`QuatrixHttpStack`), with retries, pause and progress. It asks the stack where to go on from (a
 * `HEAD`, which the stack answers from the engine's ledger, as Quatrix has no offset query), sends the
 * next `chunkSize` bytes from there as a `PATCH` with `Upload-Offset` (which the stack sends as a Quatrix
 * `POST` with `Content-Range`), and goes on from the offset the answer confirms.
 *
 * It is the part of tus-js-client's `Upload` the Quatrix protocol uses, with the same options and the
 * same order of callbacks: a failure goes to `onShouldRetry`, then waits `retryDelays[attempt]` (the
 * attempts count again from 0 once the offset moved on), and starts over from the confirmed offset;
 * after `abort()` no callback is called. Quatrix has no upload creation, no fingerprints to remember
 * and no tus headers, so the rest of tus-js-client (about 16 KB gzip) stays with the tus transport.
 */
export class ChunkUpload {
  /** Read again for every chunk: the engine sizes chunks to the measured speed. */
  readonly options: ChunkUploadOptions;
  readonly #file: Blob;
  #offset: number | undefined;
  #offsetBeforeRetry = 0;
  #retryAttempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #aborted = false;
  /** The request in flight (the one `abort()` stops). */
  #request: HttpRequest | undefined;

  constructor(file: Blob, options: ChunkUploadOptions) {
    this.#file = file;
    this.options = options;
  }

  /** Starts, or goes on after `abort()`, from the offset the stack confirms. */
  start(): void {
    this.#aborted = false;
    const size = this.options.uploadSize;
    const request = this.#open('HEAD');
    this.#send(request, null).then(
      (response) => {
        if (this.#aborted) return;
        const offset = Number.parseInt(response.getHeader('Upload-Offset') ?? '', 10);
        if (Number.isNaN(offset))
          return this.#fail(new ChunkUploadError('no offset to go on from', request, response, null));
        if (offset === size) {
          this.options.onProgress?.(size, size);
          this.options.onSuccess?.({ lastResponse: response });
          return;
        }
        this.#offset = offset;
        this.#next();
      },
      (error: unknown) =>
        this.#fail(new ChunkUploadError('no offset to go on from', request, null, asError(error))),
    );
  }

  /** Stops the chunks in flight and any retry waiting; no callback is called after it. */
  abort(): Promise<void> {
    this.#request?.abort();
    this.#aborted = true;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    return Promise.resolve();
  }

  /** Sends the chunk at the offset, then the next, until the file is confirmed. */
  #next(): void {
    if (this.#aborted) return;
    const start = this.#offset ?? 0;
    const size = this.options.uploadSize;
    const end = Math.min(size, start + (this.options.chunkSize ?? Number.POSITIVE_INFINITY));
    const request = this.#open('PATCH');
    request.setHeader('Upload-Offset', String(start));
    request.setProgressHandler((sent) => this.options.onProgress?.(start + sent, size));
    this.options.onProgress?.(start, size);
    this.#send(request, this.#file.slice(start, end)).then(
      (response) => {
        if (this.#aborted) return;
        const status = response.getStatus();
        if (status < 200 || status >= 300)
          return this.#fail(new ChunkUploadError('the chunk was refused', request, response, null));
        const offset = Number.parseInt(response.getHeader('Upload-Offset') ?? '', 10);
        if (Number.isNaN(offset))
          return this.#fail(new ChunkUploadError('no offset to go on from', request, response, null));
        this.options.onProgress?.(offset, size);
        this.options.onChunkComplete?.(offset - start, offset, size);
        this.#offset = offset;
        if (offset === size) this.options.onSuccess?.({ lastResponse: response });
        else this.#next();
      },
      (error: unknown) => {
        if (this.#aborted) return;
        this.#fail(new ChunkUploadError(`the chunk at ${start} was lost`, request, null, asError(error)));
      },
    );
  }

  #open(method: 'HEAD' | 'PATCH'): HttpRequest {
    const request = this.options.httpStack.createRequest(method, this.options.uploadUrl);
    this.#request = request;
    return request;
  }

  async #send(request: HttpRequest, body: Blob | null): Promise<HttpResponse> {
    await this.options.onBeforeRequest?.(request);
    return request.send(body);
  }

  /** A failure: retried when the policy says so (from the offset confirmed by then), else the end. */
  #fail(error: ChunkUploadError): void {
    if (this.#aborted) return;
    const delays = this.options.retryDelays;
    if (delays) {
      // A chunk got through since the last failure: this is a new run of faults.
      if (this.#offset !== undefined && this.#offset > this.#offsetBeforeRetry) this.#retryAttempt = 0;
      const attempt = this.#retryAttempt;
      const policy = this.options.onShouldRetry;
      if (attempt < delays.length && (policy ? policy(error, attempt, this.options) : retryable(error))) {
        const delay = delays[attempt] ?? 0;
        this.#retryAttempt = attempt + 1;
        this.#offsetBeforeRetry = this.#offset ?? 0;
        this.#retryTimer = setTimeout(() => this.start(), delay);
        return;
      }
    }
    this.options.onError?.(error);
  }
}

/** Without a policy of the engine's: what tus-js-client retries (no 4xx but 409 and 423, and online). */
function retryable(error: ChunkUploadError): boolean {
  const status = error.originalResponse?.getStatus() ?? 0;
  const online = typeof navigator === 'undefined' || navigator.onLine !== false;
  return online && (status < 400 || status >= 500 || status === 409 || status === 423);
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
