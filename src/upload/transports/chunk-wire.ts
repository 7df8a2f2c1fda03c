import type { HttpResponse } from 'tus-js-client';

/** The site answered a chunk with a redirect: never followed with credentials, never counted. */
export class ChunkRedirectedError extends Error {
  constructor(readonly status: number) {
    super('the site answered a chunk with a redirect');
    this.name = 'ChunkRedirectedError';
  }
}

type ChunkAnswer =
  | { kind: 'answer'; response: HttpResponse }
  | { kind: 'lost'; error: Error }
  | { kind: 'redirected'; status: number };

export interface ChunkTransfer {
  readonly answer: Promise<ChunkAnswer>;
  abort(): void;
}

/**
 * One chunk by XMLHttpRequest, with upload progress and no credential at all: no header and no cookie
 * (`withCredentials` off), since whatever it carries would follow a redirect.
 */
export function xhrChunk(
  url: string,
  headers: Record<string, string>,
  body: Blob,
  onProgress: (loaded: number) => void,
  onBodySent: () => void,
  track: (xhr: XMLHttpRequest) => void,
): ChunkTransfer {
  const xhr = new XMLHttpRequest();
  track(xhr);
  xhr.open('POST', url, true);
  xhr.withCredentials = false;
  for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
  const answer = new Promise<ChunkAnswer>((resolve) => {
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded);
    };
    xhr.upload.onload = onBodySent;
    xhr.onload = () =>
      // An XHR follows redirects by itself; what it ended at is not the site's chunk endpoint.
      resolve(
        xhr.responseURL && xhr.responseURL !== url
          ? { kind: 'redirected', status: 0 }
          : { kind: 'answer', response: new XhrResponse(xhr) },
      );
    xhr.onerror = () => resolve({ kind: 'lost', error: new Error('network error while sending a chunk') });
    xhr.ontimeout = () => resolve({ kind: 'lost', error: new Error('timeout while sending a chunk') });
    xhr.onabort = () => resolve({ kind: 'lost', error: new Error('chunk request aborted') });
  });
  xhr.send(body);
  return { answer, abort: () => xhr.abort() };
}

/** One chunk by fetch, with credentials, refusing redirects (no progress until it is answered). */
export function fetchChunk(
  url: string,
  headers: Record<string, string>,
  body: Blob,
  withCredentials: boolean,
): ChunkTransfer {
  const controller = new AbortController();
  const answer = (async (): Promise<ChunkAnswer> => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        credentials: withCredentials ? 'include' : 'omit',
        signal: controller.signal,
      });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400))
        return { kind: 'redirected', status: response.status };
      return {
        kind: 'answer',
        response: new FetchResponse(response.status, response.headers, await response.text()),
      };
    } catch (error) {
      return { kind: 'lost', error: error instanceof Error ? error : new Error(String(error)) };
    }
  })();
  return { answer, abort: () => controller.abort() };
}

class FetchResponse implements HttpResponse {
  readonly #status: number;
  readonly #headers: Headers;
  readonly #body: string;

  constructor(status: number, headers: Headers, body: string) {
    this.#status = status;
    this.#headers = headers;
    this.#body = body;
  }

  getStatus(): number {
    return this.#status;
  }

  getHeader(header: string): string | undefined {
    return this.#headers.get(header) ?? undefined;
  }

  getBody(): string {
    return this.#body;
  }

  getUnderlyingObject(): unknown {
    return undefined;
  }
}

export class LocalResponse implements HttpResponse {
  readonly #status: number;
  readonly #headers: Record<string, string>;

  constructor(status: number, headers: Record<string, string>) {
    this.#status = status;
    this.#headers = headers;
  }

  getStatus(): number {
    return this.#status;
  }

  getHeader(header: string): string | undefined {
    return this.#headers[header];
  }

  getBody(): string {
    return '';
  }

  getUnderlyingObject(): unknown {
    return undefined;
  }
}

class XhrResponse implements HttpResponse {
  readonly #xhr: XMLHttpRequest;

  constructor(xhr: XMLHttpRequest) {
    this.#xhr = xhr;
  }

  getStatus(): number {
    return this.#xhr.status;
  }

  getHeader(header: string): string | undefined {
    return this.#xhr.getResponseHeader(header) ?? undefined;
  }

  getBody(): string {
    return this.#xhr.responseText;
  }

  getUnderlyingObject(): unknown {
    return this.#xhr;
  }
}
