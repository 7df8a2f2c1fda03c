import type { HttpRequest, HttpResponse } from 'tus-js-client';
import { LocalResponse } from './chunk-wire.js';

/** What a chunk request needs of the stack that sends it. */
export interface ChunkSender {
  sendChunk(
    url: string,
    headers: Record<string, string>,
    body: Blob,
    onProgress: (sent: number) => void,
    track: (xhr: XMLHttpRequest) => void,
  ): Promise<HttpResponse>;
  abortAll(): void;
}

/** The confirmed offset and the file size, as the stack's ledger holds them. */
export interface OffsetSource {
  readonly confirmed: number;
  readonly size: number;
}

abstract class BaseRequest implements HttpRequest {
  protected readonly headers: Record<string, string> = {};

  constructor(
    protected readonly method: string,
    protected readonly url: string,
  ) {}

  getMethod(): string {
    return this.method;
  }

  getURL(): string {
    return this.url;
  }

  setHeader(header: string, value: string): void {
    this.headers[header] = value;
  }

  getHeader(header: string): string | undefined {
    return this.headers[header];
  }

  setProgressHandler(_handler: (bytesSent: number) => void): void {}

  abstract send(body: unknown): Promise<HttpResponse>;

  abort(): Promise<void> {
    return Promise.resolve();
  }

  getUnderlyingObject(): unknown {
    return undefined;
  }
}

/** The loop's offset query, answered from the ledger without touching the network. */
export class OffsetRequest extends BaseRequest {
  readonly #ledger: OffsetSource;

  constructor(url: string, ledger: OffsetSource) {
    super('HEAD', url);
    this.#ledger = ledger;
  }

  send(): Promise<HttpResponse> {
    return Promise.resolve(
      new LocalResponse(200, {
        'Upload-Offset': String(this.#ledger.confirmed),
        'Upload-Length': String(this.#ledger.size),
      }),
    );
  }
}

/** One chunk, sent as a Quatrix chunk POST by the stack. */
export class ChunkRequest extends BaseRequest {
  #xhr: XMLHttpRequest | undefined;
  #onProgress: (bytesSent: number) => void = () => {};

  readonly #stack: ChunkSender;

  constructor(method: string, url: string, stack: ChunkSender) {
    super(method, url);
    this.#stack = stack;
  }

  override setProgressHandler(handler: (bytesSent: number) => void): void {
    this.#onProgress = handler;
  }

  override getUnderlyingObject(): unknown {
    return this.#xhr;
  }

  send(body: unknown): Promise<HttpResponse> {
    if (this.method !== 'PATCH') {
      return Promise.reject(
        new Error(
          `QuatrixHttpStack: the loop asked for ${this.method}, which the Quatrix protocol has no use for`,
        ),
      );
    }
    const blob =
      body instanceof Blob ? body : new Blob(body === null || body === undefined ? [] : [body as BlobPart]);
    return this.#stack.sendChunk(
      this.url,
      this.headers,
      blob,
      (sent) => this.#onProgress(sent),
      (xhr) => (this.#xhr = xhr),
    );
  }

  override abort(): Promise<void> {
    this.#stack.abortAll();
    return Promise.resolve();
  }
}
