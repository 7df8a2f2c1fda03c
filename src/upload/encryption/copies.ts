import { UploadError } from '../errors.js';

/** The most an encrypted copy may take in memory where the origin-private file system is missing. */
export const IN_MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;

/** An encrypted copy of a file, ready to send, and how to let go of it. */
export interface EncryptedCopy {
  readonly blob: Blob;
  /**
   * Its file's name in the origin-private file system, where a later visit can open it again; undefined
   * for a copy in memory, which ends with the page.
   */
  readonly name: string | undefined;
  /** Removes it; the page no longer holds it. */
  release(): Promise<void>;
  /** Lets go of it but leaves it in place, for a later visit to continue (a copy in memory ends). */
  leave(): void;
}

const COPY_NAME = /^quatrix-upload-[0-9a-f-]{36}\.pgp$/;

/**
 * Writes a stream (an encrypted file) where it can be read back to send: a file of the origin-private
 * file system (OPFS) where the browser has one, so that memory stays flat whatever the size; else
 * memory, refusing (`too-large`) beyond {@link IN_MEMORY_LIMIT_BYTES}. A copy in OPFS is held (a Web
 * Lock named after it) while this page has it, so that no other page's clean-up removes it.
 */
export async function keepCopy(
  stream: ReadableStream<Uint8Array>,
  options: { signal?: AbortSignal | undefined; limit?: number } = {},
): Promise<EncryptedCopy> {
  const { signal, limit = IN_MEMORY_LIMIT_BYTES } = options;
  const root = await originPrivateRoot();
  if (root) {
    const name = `quatrix-upload-${crypto.randomUUID()}.pgp`;
    const unlock = (await hold(name)) ?? (() => undefined);
    const release = removal(root, name, unlock);
    try {
      const handle = await root.getFileHandle(name, { create: true });
      // The signal ends the copy at once, whatever the stream does: the file is closed and removed.
      await stream.pipeTo(await handle.createWritable(), { signal });
      return { blob: await handle.getFile(), name, release, leave: unlock };
    } catch (error) {
      await release();
      if (error instanceof DOMException && error.name === 'QuotaExceededError')
        throw new UploadError('too-large', 'no space left on this device for the encrypted copy', {
          cause: error,
          details: { noSpace: true },
        });
      throw error;
    }
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel();
      throw signal.reason;
    }
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new UploadError('too-large', 'too large to encrypt in memory in this browser', {
        details: { limit },
      });
    }
    parts.push(value);
  }
  return {
    blob: new Blob(parts as BlobPart[]),
    name: undefined,
    release: () => Promise.resolve(),
    leave: () => undefined,
  };
}

/**
 * The copy an earlier visit made, when it is still there with exactly `size` bytes and no other page
 * holds it; undefined otherwise (the file is then encrypted anew).
 */
export async function reopenCopy(name: string, size: number): Promise<EncryptedCopy | undefined> {
  const root = COPY_NAME.test(name) ? await originPrivateRoot() : undefined;
  if (!root) return undefined;
  const unlock = await hold(name, { ifAvailable: true });
  if (!unlock) return undefined;
  try {
    const blob = await (await root.getFileHandle(name)).getFile();
    if (blob.size === size) return { blob, name, release: removal(root, name, unlock), leave: unlock };
  } catch {
    // Gone (cleared by the browser or the person): encrypted anew.
  }
  unlock();
  return undefined;
}

/**
 * Removes the copies earlier visits left behind that no page holds and none can continue: empty ones
 * (a visit that ended while encrypting leaves its file empty) and those older than `maxAgeMs` (their
 * resume records are gone). Best effort: a failure leaves them for the next time.
 */
export async function sweepCopies(maxAgeMs: number): Promise<number> {
  const root = await originPrivateRoot();
  if (!root || !globalThis.navigator?.locks) return 0;
  let removed = 0;
  try {
    for await (const name of (root as DirectoryWithKeys).keys()) {
      if (!COPY_NAME.test(name)) continue;
      const unlock = await hold(name, { ifAvailable: true });
      if (!unlock) continue;
      try {
        const file = await (await root.getFileHandle(name)).getFile();
        if (file.size === 0 || Date.now() - file.lastModified > maxAgeMs) {
          await root.removeEntry(name);
          removed++;
        }
      } catch {
        // Removed meanwhile, or not a file: nothing to do.
      } finally {
        unlock();
      }
    }
  } catch {
    // The directory could not be listed: nothing is removed.
  }
  return removed;
}

/** Removes a copy from the origin-private file system, then lets go of its lock. */
function removal(root: FileSystemDirectoryHandle, name: string, unlock: () => void): () => Promise<void> {
  return async () => {
    await root.removeEntry(name).catch(() => undefined);
    unlock();
  };
}

interface DirectoryWithKeys extends FileSystemDirectoryHandle {
  keys(): AsyncIterable<string>;
}

/**
 * Holds the Web Lock of a copy until the answered function is called; with `ifAvailable`, answers
 * undefined when another page holds it. Without Web Locks (old browsers) nothing is held, and nothing
 * is swept.
 */
async function hold(
  name: string,
  options: { ifAvailable?: boolean } = {},
): Promise<(() => void) | undefined> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return () => undefined;
  return new Promise((answer) => {
    void locks
      .request(`quatrix-upload:copy:${name}`, { ifAvailable: options.ifAvailable ?? false }, (lock) => {
        if (!lock) {
          answer(undefined);
          return undefined;
        }
        return new Promise<void>((unlock) => answer(unlock));
      })
      .catch(() => answer(undefined));
  });
}

async function originPrivateRoot(): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    const root = await globalThis.navigator?.storage?.getDirectory?.();
    // Writing needs createWritable (Safari offers it only in workers).
    return root && 'createWritable' in FileSystemFileHandle.prototype ? root : undefined;
  } catch {
    return undefined;
  }
}
