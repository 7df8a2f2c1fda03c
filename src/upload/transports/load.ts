import { quatrixTransport } from './quatrix.js';
import type { Transport } from './types.js';

type Kind = 'quatrix' | 'tus';
const loading = new Map<Kind, Promise<Transport>>();

/**
 * The transport of one kind of destination. The Quatrix transport comes with the send stages (which are
 * themselves fetched when an engine is made); the tus transport is fetched once, the first time a file
 * goes to a tus endpoint, in a chunk of its own: Quatrix sites never fetch tus-js-client.
 */
export function loadTransport(kind: Kind): Promise<Transport> {
  let transport = loading.get(kind);
  if (!transport) {
    transport = (
      kind === 'tus' ? import('./tus.js').then((m) => m.tusTransport) : Promise.resolve(quatrixTransport)
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
