import type { EngineContext } from '../context.js';
import { Stopped, type Entry } from '../entry.js';
import type { FolderTree } from '../folders.js';
import type { Gates } from '../gates.js';
import type { FileFacts } from '../targets/index.js';

/**
 * A transform of a file's bytes before they are sent, with its own progress: the seam for encrypting
 * files in the browser. What it answers is what the transfer stage sends and the target reserves.
 */
export interface BytesTransform {
  transform(
    file: Blob,
    facts: FileFacts,
    options: { signal: AbortSignal; onProgress(done: number, total: number): void },
  ): Promise<Blob>;
}

/** The bytes as they are: no transform (the default). */
export const sendAsIs: BytesTransform = {
  transform: (file) => Promise.resolve(file),
};

/**
 * The prepare stage: the target's gates passed, the file's bytes made ready (through the transform),
 * then, unless an earlier try or visit did, its folders made and its upload reserved with the target.
 */
export class PrepareStage {
  readonly #ctx: EngineContext;
  readonly #gates: Gates;
  readonly #folders: FolderTree;
  readonly #bytes: BytesTransform;

  constructor(ctx: EngineContext, gates: Gates, folders: FolderTree, bytes: BytesTransform = sendAsIs) {
    this.#ctx = ctx;
    this.#gates = gates;
    this.#folders = folders;
    this.#bytes = bytes;
  }

  async prepare(entry: Entry, signal: AbortSignal): Promise<void> {
    await this.#gates.check(signal);
    entry.body ??= await this.#bytes.transform(entry.state.file, entry.facts, {
      signal,
      onProgress: () => {},
    });
    if (entry.destination) return;
    // The reservation of an earlier, cancelled try must be gone first, or the new one is renamed.
    if (entry.discarding) await entry.discarding;
    ensurePreparing(entry, signal);
    const parentId = await this.#folders.ensure(entry.folderPath);
    ensurePreparing(entry, signal);
    // From the first try on: a try whose answer is lost may have reserved the file all the same.
    const since = (entry.linkSince ??= Date.now());
    entry.destination = await this.#ctx.withRetries(signal, (s) =>
      this.#ctx.target.link(entry.facts, parentId, { signal: s, since }),
    );
    entry.linkSince = undefined;
    this.#gates.counted();
    this.#ctx.resume.remember(entry);
  }
}

/** Stops the run when the file was paused, cancelled or failed meanwhile. */
export function ensurePreparing(entry: Entry, signal: AbortSignal): void {
  if (signal.aborted || entry.state.status !== 'preparing') throw new Stopped();
}
