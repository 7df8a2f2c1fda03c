import type * as tus from 'tus-js-client';
import type { QuatrixClient } from '../../api/index.js';
import type { Entry } from '../entry.js';
import type { ResolvedOptions } from '../options.js';
import type { Destination } from '../targets/index.js';
import type { UploadResult } from '../types.js';
import type { ChunkCredentials } from './quatrix-http-stack.js';

/** One file's bytes to send, as the transfer stage hands them to a transport. */
export interface TransportJob {
  readonly entry: Entry;
  readonly destination: Destination;
  readonly body: Blob;
  readonly client: QuatrixClient;
  readonly options: ResolvedOptions;
  readonly credentials: ChunkCredentials;
  /** The options every transport shares (tus-js-client's names): chunk size, retries, progress and the outcome. */
  readonly common: tus.UploadOptions;
  /** The server confirmed a chunk of `bytes`, sent in `elapsedMs`. */
  confirmed(bytes: number, elapsedMs: number): void;
  /** With overlapping chunks: the send rate so far, to size the next chunk before the answer. */
  sizeNext(bytes: number, elapsedMs: number): void;
  /** The moment to write down where the upload is (a chunk is about to go). */
  remember(): void;
}

/**
 * One file's upload as a transport drives it: tus-js-client's `Upload` (tus), or the Quatrix chunk loop,
 * which has the same options, callbacks and retry policy.
 */
export interface TransportUpload {
  /** Read again for every chunk. */
  readonly options: { chunkSize?: number | undefined };
  start(): void;
  /** Stops the requests in flight and any retry waiting; no callback comes after it. */
  abort(): Promise<void>;
}

/**
 * How the bytes of one file reach the server, with chunking, retries, pause and progress: the Quatrix
 * chunk protocol (our chunk loop) or plain tus (tus-js-client). Each is a chunk of its own, fetched
 * when a file first needs it.
 */
export interface Transport {
  /** Whether every request carries the client's credentials (a tus gateway); Quatrix chunks carry none. */
  readonly signsRequests: boolean;
  /** The upload of `job`, not started. */
  create(job: TransportJob): TransportUpload;
  /** Starts it; `current()` turns false once the engine has moved on from this upload. */
  begin(upload: TransportUpload, job: TransportJob, current: () => boolean): void;
  /** What the server made of the file once every byte is sent; undefined when the finalize stage follows. */
  resultOf(job: TransportJob): UploadResult | undefined;
}
