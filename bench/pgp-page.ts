/**
 * The page side of `npm run bench:pgp`: one in-page Blob, returned to a file request through the
 * engine, either as it is (a request without encryption) or encrypted to the requester's key (a
 * request with `return_pgp_encrypted`), measuring the whole upload, the encryption alone and the JS
 * heap.
 */
import { heap, preparedBlob, prepareBlob } from './page-blob.js';
import { FileRequestTarget, QuatrixClient, Uploader } from '../src/index.js';

export interface PgpCase {
  /** `plain`: the file as it is; `pgp`: encrypted in the page first. */
  kind: 'plain' | 'pgp';
  site: string;
  requestId: string;
  name: string;
  /** How much of the prepared Blob to send, in MiB. */
  mib: number;
  /**
   * Collect garbage every 250 ms and sample the heap after it: the memory the upload keeps alive,
   * not the garbage the browser has yet to collect (needs --js-flags=--expose-gc).
   */
  sampleLive?: boolean;
}

export interface PgpRun {
  /** From adding the file to its end. */
  ms: number;
  /** From the file's `preparing` to its `uploading`: for `pgp`, the encryption. */
  prepareMs: number;
  heapBaseline: number;
  heapPeak: number;
  /** With `sampleLive`: the largest heap right after a collection. */
  livePeak: number;
  fileId: string;
  /** The stored size the server answered. */
  size: number;
}

declare global {
  interface Window {
    pgpBench: { prepare(mib: number, seed: number): Promise<number>; run(c: PgpCase): Promise<PgpRun> };
  }
}

window.pgpBench = {
  prepare: (mib, seed) => Promise.resolve(prepareBlob(mib, seed)),

  async run(c) {
    const blob = preparedBlob();
    const file = new File([blob.slice(0, c.mib * 1024 * 1024)], c.name, { lastModified: 1_700_000_000_000 });
    // Started with --js-flags=--expose-gc: a collected heap makes a steady baseline.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBaseline = heap();
    let heapPeak = heapBaseline;
    let livePeak = heapBaseline;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, heap())), 20);
    const live = c.sampleLive
      ? setInterval(() => {
          gc?.();
          livePeak = Math.max(livePeak, heap());
        }, 250)
      : undefined;
    const uploader = new Uploader({
      target: new FileRequestTarget(new QuatrixClient({ site: c.site }), c.requestId),
      resume: false,
    });
    let preparing = 0;
    let uploading = 0;
    uploader.on('file-status', ({ file: f }) => {
      if (f.status === 'preparing') preparing = performance.now();
      if (f.status === 'uploading' && !uploading) uploading = performance.now();
    });
    const started = performance.now();
    try {
      const done = new Promise<{ fileId: string; size: number }>((resolve, reject) => {
        uploader.on('all-done', ({ successful, failed }) => {
          const result = successful[0]?.result;
          if (failed.length > 0 || !result) reject(new Error(`upload failed: ${failed[0]?.error?.message}`));
          else resolve({ fileId: result.fileId, size: result.size });
        });
      });
      uploader.addFiles([file]);
      const { fileId, size } = await done;
      return {
        ms: performance.now() - started,
        prepareMs: uploading - preparing,
        heapBaseline,
        heapPeak: Math.max(heapPeak, heap()),
        livePeak,
        fileId,
        size,
      };
    } finally {
      clearInterval(sampler);
      clearInterval(live);
      uploader.dispose();
    }
  },
};
