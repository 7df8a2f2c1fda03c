import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';
import { ChunkRequest, OffsetRequest } from './chunk-requests.js';
import {
  ChunkRedirectedError,
  fetchChunk,
  LocalResponse,
  xhrChunk,
  type ChunkTransfer,
} from './chunk-wire.js';

/** What the stack knows of one upload: the engine's own record of the bytes the server confirmed. */
export interface ChunkLedger {
  /** File size in bytes. */
  readonly size: number;
  /** Bytes confirmed by the server, from offset 0 without a gap. */
  confirmed: number;
  /** Size of the chunk sent last (set by the stack), e.g. to shrink it after a 413. */
  lastChunkBytes?: number;
  /**
   * The chunk sent without an answer yet, or whose answer never came (connection lost, paused,
   * stalled, the page closed): the server may have it. Kept here, and in resume records, because a
   * pause, a stall or a reload ends the stack and a new one continues.
   */
  uncertain?: { start: number; end: number } | undefined;
  /** Called when a chunk is about to be sent, after `uncertain` names it: the moment to persist it. */
  onSending?(): void;
  /** Called after the server confirmed a chunk. */
  onConfirmed(offset: number, chunkBytes: number, elapsedMs: number): void;
  /**
   * Called when most of a chunk's body is sent, just before the next chunk is cut (with overlap): the
   * send rate so far sizes the next chunk without waiting for the server's answer.
   */
  onSendRate?(bytes: number, elapsedMs: number): void;
  /**
   * Called when any chunk's answer asks to wait (`Retry-After`, seconds): with two chunks in flight only
   * one failure reaches the loop, so the wait must not be lost with the other.
   */
  onRetryAfter?(seconds: number): void;
}

/** Share of a chunk's body sent after which, with overlap, the next chunk may start. */
const EARLY_SHARE = 0.75;

/** How a chunk request ended. */
type Outcome = { ok: true } | Failure;
type Failure = { ok: false; response: HttpResponse } | { ok: false; error: Error };

/**
 * The Quatrix chunk protocol under the chunk loop (`ChunkUpload`, which keeps chunking, retries,
 * pause/resume and progress): the loop speaks tus-js-client's request interface, and this stack speaks
 * Quatrix on the wire.
 *
 * - `HEAD` (the loop's "which offset?") is answered locally from the ledger, as Quatrix has no offset query.
 * - `PATCH` with `Upload-Offset` becomes `POST {uploadUrl}` with `Content-Range: bytes S-E/TOTAL`, sent
 *   with XMLHttpRequest for upload progress; success answers the loop with 204 and an `Upload-Offset`.
 * - With `overlap`, a chunk whose body is three quarters sent is answered to the loop at once, so the next
 *   chunk goes out while the last one finishes: two chunks in flight at most, which hides the
 *   per-request round trip and the time the loop needs to slice and send the next chunk. The ledger counts only what the server confirmed; when an earlier chunk
 *   fails after the loop moved on, its failure is given to the loop with the next answer, the loop retries, asks the
 *   offset (the ledger's, confirmed) and sends again from there. The last chunk is answered only once
 *   every chunk is confirmed, so the loop never reports success early. A server that wants chunks strictly
 *   in order and refuses an overlapping one (400) makes the upload fall back to one chunk at a time.
 * Anything else the server answers is passed through, so the engine sees its status and body.
 */
export class QuatrixHttpStack implements HttpStack {
  /** Settles when the chunk sent last has its answer. */
  #previous: Promise<unknown> = Promise.resolve();
  /** A failure of a chunk that the loop was already told about; delivered with the next answer. */
  #failure: Failure | undefined;
  /** Tell the loop the confirmed offset with the next answer, so that it sends again from there. */
  #rewind = false;
  /** Bumped by `abortAll()`: answers of chunks from before it no longer concern the loop. */
  #generation = 0;
  readonly #inflight = new Set<ChunkTransfer>();
  /** Confirmed ranges beyond the contiguous `ledger.confirmed` (chunks may complete out of order). */
  readonly #ahead = new Map<number, number>();

  readonly #ledger: ChunkLedger;
  readonly #withCredentials: boolean;
  #overlap: boolean;
  readonly #credentials: ChunkCredentials | undefined;

  constructor(ledger: ChunkLedger, withCredentials: boolean, overlap = true, credentials?: ChunkCredentials) {
    this.#ledger = ledger;
    this.#withCredentials = withCredentials;
    this.#overlap = overlap;
    this.#credentials = credentials;
  }

  createRequest(method: string, url: string): HttpRequest {
    return method === 'HEAD' ? new OffsetRequest(url, this.#ledger) : new ChunkRequest(method, url, this);
  }

  getName(): string {
    return 'QuatrixHttpStack';
  }

  /** Sends one chunk; resolves with what the loop should hear. */
  async sendChunk(
    url: string,
    headers: Record<string, string>,
    body: Blob,
    onProgress: (sent: number) => void,
    track: (xhr: XMLHttpRequest) => void,
  ): Promise<HttpResponse> {
    const generation = this.#generation;
    const pending = this.#takeFailure();
    if (pending) return deliver(pending);
    if (this.#rewind) {
      await this.#previous;
      this.#rewind = false;
      return this.#confirmedOffset();
    }
    const offset = Number(headers['Upload-Offset']);
    const end = offset + body.size;
    this.#ledger.lastChunkBytes = body.size;
    const overlapped = this.#inflight.size > 0;
    const chunkHeaders: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'Content-Range': `bytes ${offset}-${end - 1}/${this.#ledger.size}`,
    };
    const started = performance.now();
    let release!: () => void;
    const sent = new Promise<void>((r) => (release = r));
    let released = false;
    const bodySent = (loaded: number): void => {
      if (released) return;
      released = true;
      if (generation === this.#generation) this.#ledger.onSendRate?.(loaded, performance.now() - started);
      release();
    };
    // The earliest unanswered try at this offset stays the one the server may hold.
    if (this.#ledger.uncertain?.start !== offset) this.#ledger.uncertain = { start: offset, end };
    this.#ledger.onSending?.();
    const progress = (loaded: number): void => {
      if (generation !== this.#generation) return;
      onProgress(loaded);
      // Most of the body is out: let the next chunk start now, so the link never idles between chunks.
      if (loaded >= body.size * EARLY_SHARE) bodySent(loaded);
    };
    const credentials = this.#credentials;
    const transfer = credentials?.needed
      ? fetchChunk(url, { ...chunkHeaders, ...credentials.headers() }, body, this.#withCredentials)
      : xhrChunk(url, chunkHeaders, body, progress, () => bodySent(body.size), track);
    const outcome: Promise<Outcome> = transfer.answer
      .then((answer): Outcome => {
        if (answer.kind === 'lost') {
          // Without an answer, `uncertain` keeps naming this chunk: Chromium cannot tell whether its
          // body arrived whole (upload events lag), so the server may have it.
          return { ok: false, error: answer.error };
        }
        if (answer.kind === 'redirected')
          return { ok: false, error: new ChunkRedirectedError(answer.status) };
        const status = answer.response.getStatus();
        if (status >= 200 && status < 300) {
          if (this.#ledger.uncertain?.start === offset) this.#ledger.uncertain = undefined;
          this.#confirm(offset, end);
          if (generation === this.#generation) {
            progress(body.size);
            this.#ledger.onConfirmed(offset, body.size, performance.now() - started);
          }
          return { ok: true };
        }
        // Refused as too large, whole: this try is certainly not on the server.
        const lost = this.#ledger.uncertain;
        if (status === 413 && lost?.start === offset && lost.end === end) this.#ledger.uncertain = undefined;
        const wait = Number(answer.response.getHeader('Retry-After'));
        if (Number.isFinite(wait) && wait > 0) this.#ledger.onRetryAfter?.(wait);
        return { ok: false, response: answer.response };
      })
      .finally(() => this.#inflight.delete(transfer));
    this.#inflight.add(transfer);
    const before = this.#previous;
    this.#previous = outcome;

    // An aborted upload: the loop no longer listens, and a late answer must not start a second loop.
    const aborted = (): boolean => generation !== this.#generation;
    const silence = new Promise<HttpResponse>(() => {});

    if (this.#overlap && end < this.#ledger.size) {
      const early = await Promise.race([sent.then(() => undefined), outcome]);
      await before;
      if (aborted()) return silence;
      const failed = this.#takeFailure();
      if (failed) return deliver(failed);
      if (early && !early.ok)
        return this.#absorb(early, overlapped) ? this.#confirmedOffset() : deliver(early);
      // The loop hears of this chunk now; should it fail later, the failure waits for the next answer.
      void outcome.then((o) => {
        if (o.ok || aborted() || this.#absorb(o, overlapped)) return;
        this.#failure ??= o;
      });
      return new LocalResponse(204, { 'Upload-Offset': String(end) });
    }
    const own = await outcome;
    await before;
    if (aborted()) return silence;
    const earlier = this.#takeFailure();
    if (!own.ok && this.#settleUncertain(own, offset)) return this.#confirmedOffset();
    if (!own.ok && this.#needsCredentials(own)) return this.#confirmedOffset();
    if (!own.ok) return this.#absorb(own, overlapped) ? this.#confirmedOffset() : deliver(own);
    if (earlier) return deliver(earlier);
    this.#rewind = false;
    // The truth: lower than this chunk's end when an earlier chunk is missing, and the loop sends it again.
    return this.#confirmedOffset();
  }

  /** Stops every chunk in flight (pause, cancel, stall restart, a failure the loop gave up on). */
  abortAll(): void {
    this.#generation++;
    for (const transfer of [...this.#inflight]) transfer.abort();
    this.#failure = undefined;
    this.#rewind = false;
    this.#previous = Promise.resolve();
  }

  /**
   * A server that wants chunks strictly in order refuses (400) one that overlapped its predecessor:
   * from then on this upload sends one chunk at a time, again from the confirmed offset.
   */
  #absorb(failure: Failure, overlapped: boolean): boolean {
    if (!this.#overlap || !overlapped || !('response' in failure) || failure.response.getStatus() !== 400)
      return false;
    this.#overlap = false;
    this.#rewind = true;
    return true;
  }

  /**
   * A chunk sent again after its answer was lost, refused (400) by a server that only appends: the
   * refusal says the server's end is no longer where that chunk starts, so it received the lost chunk.
   * Its range counts as confirmed and the loop continues after it. Should that be wrong (a server that kept
   * part of a body), the next chunk is refused as well, so nothing is written out of place, and
   * finalize's size check fails the file loudly.
   * A server that places chunks by range never refuses such a re-send, so it never gets here.
   */
  #settleUncertain(failure: Failure, offset: number): boolean {
    const lost = this.#ledger.uncertain;
    if (!lost || lost.start !== offset || !('response' in failure) || failure.response.getStatus() !== 400)
      return false;
    this.#ledger.uncertain = undefined;
    this.#confirm(lost.start, lost.end);
    return true;
  }

  /**
   * A server that refuses chunks without the session or API key (401): from now on every chunk of the
   * site goes with them, by `fetch`, which can refuse redirects; the loop sends this one again.
   */
  #needsCredentials(failure: Failure): boolean {
    const credentials = this.#credentials;
    if (!credentials || credentials.needed || !('response' in failure)) return false;
    if (failure.response.getStatus() !== 401 || Object.keys(credentials.headers()).length === 0) return false;
    credentials.needed = true;
    return true;
  }

  #confirmedOffset(): HttpResponse {
    return new LocalResponse(204, { 'Upload-Offset': String(this.#ledger.confirmed) });
  }

  #takeFailure(): Failure | undefined {
    const failure = this.#failure;
    this.#failure = undefined;
    return failure;
  }

  #confirm(start: number, end: number): void {
    if (start > this.#ledger.confirmed) {
      this.#ahead.set(start, Math.max(end, this.#ahead.get(start) ?? 0));
      return;
    }
    let confirmed = Math.max(this.#ledger.confirmed, end);
    for (let next = this.#ahead.get(confirmed); next !== undefined; next = this.#ahead.get(confirmed)) {
      this.#ahead.delete(confirmed);
      confirmed = Math.max(confirmed, next);
    }
    for (const [s] of this.#ahead) if (s < confirmed) this.#ahead.delete(s);
    this.#ledger.confirmed = confirmed;
  }
}

/**
 * Credentials for chunk requests. Chunks go by XMLHttpRequest for upload progress, but an XHR follows
 * redirects, and `X-Auth-Token` survives a cross-origin redirect in every browser: so chunks carry no
 * credential (their upload key is their authority), unless the server refuses them without one.
 */
export interface ChunkCredentials {
  /** The headers that authenticate to the site (empty: nothing to add). */
  headers(): Record<string, string>;
  /** Set when the server refused a chunk without them: chunks then go with them, by `fetch`. */
  needed: boolean;
}

function deliver(failure: Failure): Promise<HttpResponse> {
  return 'error' in failure ? Promise.reject(failure.error) : Promise.resolve(failure.response);
}

export { ChunkRedirectedError };
