import type * as tus from 'tus-js-client';

let tusModule: Promise<typeof tus> | undefined;

/**
 * tus-js-client, fetched once, the first time a file is sent (or when an engine is made, in the
 * background): the page shows the elements without waiting for the upload machinery, and a bundle
 * keeps it in a chunk of its own.
 */
export function loadTus(): Promise<typeof tus> {
  return (tusModule ??= import('tus-js-client').catch((error: unknown) => {
    tusModule = undefined; // offline for a moment: the next file tries again
    throw error;
  }));
}
