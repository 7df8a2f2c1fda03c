import { UploadError } from '../errors.js';

/** The encryption code, a chunk of its own; a failure to fetch it sends nothing (`encryption`). */
export function loadEncryption(): Promise<typeof import('./index.js')> {
  return import('./index.js').catch((error: unknown) => {
    throw new UploadError('encryption', 'could not load the encryption code', { cause: error });
  });
}

/**
 * The fingerprint of a requester's public key, as a file request gives it (`sender_key`, in any of its
 * spellings): upper-case hex in groups of four, for a person to compare with what the requester reads
 * out. Fetches the encryption code; fails with `encryption` when the key is missing, unreadable or
 * cannot encrypt now.
 */
export async function keyFingerprint(key: string): Promise<string> {
  const { readRecipientKey } = await loadEncryption();
  const { fingerprint } = await readRecipientKey(key);
  return fingerprint.replace(/(.{4})(?!$)/g, '$1 ');
}
