import type { Transport } from './types.js';

type Kind = 'quatrix' | 'tus';
const loading = new Map<Kind, Promise<Transport>>();

/**
 * The transport of one kind of destination, fetched once, the first time a file goes that way (or when
 * an engine is made, in the background): the page shows the elements without waiting for it, and a
 * bundle keeps each in a chunk of its own. Quatrix sites never fetch tus-js-client, which only the tus
 * transport needs.
 */
export function loadTransport(kind: Kind): Promise<Transport> {
  let transport = loading.get(kind);
  if (!transport) {
    transport = (
      kind === 'tus'
        ? import('./tus.js').then((m) => m.tusTransport)
        : import('./quatrix.js').then((m) => m.quatrixTransport)
    ).catch((error: unknown) => {
      loading.delete(kind); // offline for a moment: the next file tries again
      throw error;
    });
    loading.set(kind, transport);
  }
  return transport;
}

/** Whether `error` is the refusal of a chunk answered with a redirect (never followed). */
export const isRedirected = (error: unknown): error is Error & { status: number } =>
  error instanceof Error && error.name === 'ChunkRedirectedError';
