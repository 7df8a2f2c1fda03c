/**
 * Encrypting files for a requester: fetched with OpenPGP.js, the first time a target wants files
 * encrypted, so that no other page carries it.
 */
import type { FileFacts } from '../targets/index.js';
import { keepCopy, reopenCopy, type EncryptedCopy } from './copies.js';
import { encryptFile, type RecipientKey } from './pgp.js';

export { readRecipientKey } from './pgp.js';
export { sweepCopies } from './copies.js';
export type { RecipientKey } from './pgp.js';

/**
 * A file's encrypted copy for `recipient`, kept where it can be read back to send, with the facts it
 * is sent under (`<name>.pgp`, its size). Stopped by `signal`, leaving nothing behind.
 */
export async function encryptedCopy(
  file: Blob,
  facts: FileFacts,
  recipient: RecipientKey,
  options: { signal: AbortSignal; onProgress: (done: number, total: number) => void },
): Promise<EncryptedCopy & { sent: FileFacts }> {
  const copy = await keepCopy(await encryptFile(file, recipient, options), { signal: options.signal });
  if (options.signal.aborted) {
    await copy.release();
    throw options.signal.reason;
  }
  return { ...copy, sent: sentAs(facts, copy.blob.size) };
}

/**
 * The encrypted copy an earlier visit made of this file (kept in the origin-private file system under
 * `name`, `size` bytes), when it is still there and no other page holds it.
 */
export async function reopenedCopy(
  name: string,
  size: number,
  facts: FileFacts,
): Promise<(EncryptedCopy & { sent: FileFacts }) | undefined> {
  const copy = await reopenCopy(name, size);
  return copy && { ...copy, sent: sentAs(facts, size) };
}

/** What an encrypted copy is sent as: the file's name with `.pgp`, the copy's size. */
function sentAs(facts: FileFacts, size: number): FileFacts {
  return { name: `${facts.name}.pgp`, size, lastModified: facts.lastModified };
}
