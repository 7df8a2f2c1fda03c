let runtime: Promise<typeof import('./runtime.js')> | undefined;

/**
 * The upload machinery (tus-js-client and the transports), fetched once, the first time a file is sent
 * (or when an engine is made, in the background): the page shows the elements without waiting for it,
 * and a bundle keeps it in a chunk of its own.
 */
export function loadTransports(): Promise<typeof import('./runtime.js')> {
  return (runtime ??= import('./runtime.js').catch((error: unknown) => {
    runtime = undefined; // offline for a moment: the next file tries again
    throw error;
  }));
}

/** Whether `error` is the refusal of a chunk answered with a redirect (never followed). */
export const isRedirected = (error: unknown): error is Error & { status: number } =>
  error instanceof Error && error.name === 'ChunkRedirectedError';
