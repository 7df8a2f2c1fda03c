import { UploadError } from '../errors.js';

/** The most an encrypted copy may take in memory where the origin-private file system is missing. */
export const IN_MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;

/** An encrypted copy of a file, ready to send, and how to let go of it. */
export interface EncryptedCopy {
  readonly blob: Blob;
  release(): Promise<void>;
}

/**
 * Writes a stream (an encrypted file) where it can be read back to send: a file of the origin-private
 * file system (OPFS) where the browser has one, so that memory stays flat whatever the size; else
 * memory, refusing (`encryption`) beyond {@link IN_MEMORY_LIMIT_BYTES}.
 */
export async function keepCopy(
  stream: ReadableStream<Uint8Array>,
  options: { signal?: AbortSignal | undefined; limit?: number } = {},
): Promise<EncryptedCopy> {
  const { signal, limit = IN_MEMORY_LIMIT_BYTES } = options;
  const root = await originPrivateRoot();
  if (root) {
    const name = `quatrix-upload-${crypto.randomUUID()}.pgp`;
    const handle = await root.getFileHandle(name, { create: true });
    const release = async (): Promise<void> => {
      await root.removeEntry(name).catch(() => undefined);
    };
    try {
      // The signal ends the copy at once, whatever the stream does: the file is closed and removed.
      await stream.pipeTo(await handle.createWritable(), { signal });
      return { blob: await handle.getFile(), release };
    } catch (error) {
      await release();
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
      throw new UploadError('encryption', 'too large to encrypt in memory in this browser', {
        details: { limit },
      });
    }
    parts.push(value);
  }
  return { blob: new Blob(parts as BlobPart[]), release: () => Promise.resolve() };
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
