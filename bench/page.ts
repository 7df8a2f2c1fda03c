/**
 * The page side of `npm run bench:upload`: builds one in-page Blob and uploads it on request, either as
 * one raw PUT (the ceiling) or through the engine, measuring time and the JS heap.
 */
import { heap, preparedBlob, prepareBlob } from './page-blob.js';
import { FolderTarget, QuatrixClient, TusTarget, Uploader, type UploadTarget } from '../src/index.js';

export interface BenchCase {
  /** `quatrix`: the default engine (one chunk at a time); `overlap`: with `overlapChunks: true`. */
  kind: 'ceiling' | 'quatrix' | 'overlap' | 'tus';
  site: string;
  apiKey: string;
  folderId: string;
  name: string;
  /** A fixed chunk size in bytes instead of the adaptive one. */
  chunkSize?: number | undefined;
}

export interface BenchRun {
  ms: number;
  heapBaseline: number;
  heapPeak: number;
  /** Server id of what was stored (file id, tus upload id or bench file name). */
  id: string;
}

declare global {
  interface Window {
    bench: { prepare(mib: number, seed: number): Promise<number>; run(c: BenchCase): Promise<BenchRun> };
  }
}

window.bench = {
  prepare: (mib, seed) => Promise.resolve(prepareBlob(mib, seed)),

  async run(c) {
    const blob = preparedBlob();
    const file = new File([blob], c.name, { lastModified: 1_700_000_000_000 });
    // Started with --js-flags=--expose-gc: a collected heap makes a steady baseline.
    (globalThis as { gc?: () => void }).gc?.();
    const heapBaseline = heap();
    let heapPeak = heapBaseline;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, heap())), 20);
    const started = performance.now();
    let id = c.name;
    try {
      if (c.kind === 'ceiling') {
        const r = await fetch(`${c.site}/__bench/raw/${encodeURIComponent(c.name)}`, {
          method: 'PUT',
          body: file,
        });
        if (!r.ok) throw new Error(`ceiling PUT failed: HTTP ${r.status}`);
      } else {
        const client = new QuatrixClient({ site: c.site, auth: { type: 'apiKey', apiKey: c.apiKey } });
        const target: UploadTarget =
          c.kind === 'quatrix' || c.kind === 'overlap'
            ? new FolderTarget(client, c.folderId)
            : new TusTarget(client, `${c.site}/tus/`);
        const uploader = new Uploader({
          target,
          resume: false,
          overlapChunks: c.kind === 'overlap',
          ...(c.chunkSize ? { chunkSize: c.chunkSize } : {}),
        });
        const done = new Promise<void>((resolve, reject) => {
          uploader.on('all-done', ({ successful, failed }) => {
            if (failed.length > 0) reject(new Error(`upload failed: ${failed[0]?.error?.message}`));
            else {
              id = successful[0]!.result!.fileId;
              resolve();
            }
          });
        });
        uploader.addFiles([file]);
        await done;
        uploader.dispose();
      }
    } finally {
      clearInterval(sampler);
    }
    return { ms: performance.now() - started, heapBaseline, heapPeak: Math.max(heapPeak, heap()), id };
  },
};
