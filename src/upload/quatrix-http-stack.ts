import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';

/** What the stack knows of one upload: the engine's own record of the bytes the server confirmed. */
export interface ChunkLedger {
  /** File size in bytes. */
  readonly size: number;
  /** Bytes confirmed by the server, from offset 0 without a gap. */
  confirmed: number;
  /** Called after the server confirmed a chunk. */
  onConfirmed(offset: number, chunkBytes: number, elapsedMs: number): void;
}

/**
 * Lets tus-js-client drive the Quatrix chunk protocol: it keeps tus-js-client's chunking, retries,
 * pause/resume and progress, and speaks Quatrix on the wire.
 *
 * - `HEAD` (tus's "which offset?") is answered locally from the ledger, as Quatrix has no offset query.
 * - `PATCH` with `Upload-Offset` becomes `POST {uploadUrl}` with `Content-Range: bytes S-E/TOTAL`, sent
 *   with XMLHttpRequest for upload progress; a 2xx answers tus with 204 and the new `Upload-Offset`.
 * Anything else the server answers is passed through, so the engine sees its status and body.
 */
export class QuatrixHttpStack implements HttpStack {
  constructor(
    private readonly ledger: ChunkLedger,
    private readonly withCredentials: boolean,
  ) {}

  createRequest(method: string, url: string): HttpRequest {
    return method === 'HEAD'
      ? new OffsetRequest(url, this.ledger)
      : new ChunkRequest(method, url, this.ledger, this.withCredentials);
  }

  getName(): string {
    return 'QuatrixHttpStack';
  }
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

/** tus's offset query, answered from the ledger without touching the network. */
class OffsetRequest extends BaseRequest {
  constructor(
    url: string,
    private readonly ledger: ChunkLedger,
  ) {
    super('HEAD', url);
  }

  send(): Promise<HttpResponse> {
    return Promise.resolve(
      new LocalResponse(200, {
        'Upload-Offset': String(this.ledger.confirmed),
        'Upload-Length': String(this.ledger.size),
      }),
    );
  }
}

/** One chunk, sent as a Quatrix chunk POST. */
class ChunkRequest extends BaseRequest {
  private xhr: XMLHttpRequest | undefined;
  private onProgress: (bytesSent: number) => void = () => {};

  constructor(
    method: string,
    url: string,
    private readonly ledger: ChunkLedger,
    private readonly withCredentials: boolean,
  ) {
    super(method, url);
  }

  override setProgressHandler(handler: (bytesSent: number) => void): void {
    this.onProgress = handler;
  }

  override getUnderlyingObject(): unknown {
    return this.xhr;
  }

  send(body: unknown): Promise<HttpResponse> {
    if (this.method !== 'PATCH') {
      return Promise.reject(
        new Error(
          `QuatrixHttpStack: tus asked for ${this.method}, which the Quatrix protocol has no use for`,
        ),
      );
    }
    const offset = Number(this.headers['Upload-Offset']);
    const blob =
      body instanceof Blob ? body : new Blob(body === null || body === undefined ? [] : [body as BlobPart]);
    const end = offset + blob.size - 1;
    const xhr = (this.xhr = new XMLHttpRequest());
    xhr.open('POST', this.url, true);
    xhr.withCredentials = this.withCredentials;
    for (const [name, value] of Object.entries(this.headers)) {
      // tus's own headers mean nothing to Quatrix; the auth headers set by the engine pass through.
      if (!/^(Upload-|Tus-|Content-Type$)/i.test(name)) xhr.setRequestHeader(name, value);
    }
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Content-Range', `bytes ${offset}-${end}/${this.ledger.size}`);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) this.onProgress(event.loaded);
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          const next = offset + blob.size;
          if (next > this.ledger.confirmed && offset <= this.ledger.confirmed) this.ledger.confirmed = next;
          this.ledger.onConfirmed(offset, blob.size, performance.now() - started);
          resolve(new LocalResponse(204, { 'Upload-Offset': String(this.ledger.confirmed) }));
        } else {
          resolve(new XhrResponse(xhr));
        }
      };
      xhr.onerror = () => reject(new Error('network error while sending a chunk'));
      xhr.ontimeout = () => reject(new Error('timeout while sending a chunk'));
      xhr.onabort = () => reject(new Error('chunk request aborted'));
      xhr.send(blob);
    });
  }

  override abort(): Promise<void> {
    this.xhr?.abort();
    return Promise.resolve();
  }
}

class LocalResponse implements HttpResponse {
  constructor(
    private readonly status: number,
    private readonly headers: Record<string, string>,
  ) {}

  getStatus(): number {
    return this.status;
  }

  getHeader(header: string): string | undefined {
    return this.headers[header];
  }

  getBody(): string {
    return '';
  }

  getUnderlyingObject(): unknown {
    return undefined;
  }
}

class XhrResponse implements HttpResponse {
  constructor(private readonly xhr: XMLHttpRequest) {}

  getStatus(): number {
    return this.xhr.status;
  }

  getHeader(header: string): string | undefined {
    return this.xhr.getResponseHeader(header) ?? undefined;
  }

  getBody(): string {
    return this.xhr.responseText;
  }

  getUnderlyingObject(): unknown {
    return this.xhr;
  }
}
