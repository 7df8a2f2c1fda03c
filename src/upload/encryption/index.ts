/**
 * Encrypting files for a requester: fetched with OpenPGP.js, the first time a target wants files
 * encrypted, so that no other page carries it.
 */
import type { FileFacts } from '../targets/index.js';
import { keepCopy, type EncryptedCopy } from './copies.js';
import { encryptFile, type RecipientKey } from './pgp.js';

export { readRecipientKey } from './pgp.js';
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
  return {
    ...copy,
    sent: { name: `${facts.name}.pgp`, size: copy.blob.size, lastModified: facts.lastModified },
  };
}
