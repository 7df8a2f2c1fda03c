import type * as OpenPgp from 'openpgp';
import { UploadError } from '../errors.js';

let library: Promise<typeof OpenPgp> | undefined;

/**
 * OpenPGP.js, fetched once, the first time a file must be encrypted: a chunk of its own, so that pages
 * that never meet an encrypted request never load it.
 */
export function loadOpenPgp(): Promise<typeof OpenPgp> {
  return (library ??= import('openpgp').catch((error: unknown) => {
    library = undefined; // offline for a moment: the next file tries again
    throw new UploadError('encryption', 'could not load the encryption code', { cause: error });
  }));
}

/** A requester's public key, checked: it can encrypt now. */
export interface RecipientKey {
  readonly key: OpenPgp.PublicKey;
  /** Upper-case hex, to show on demand. */
  readonly fingerprint: string;
}

const ARMOUR = '-----BEGIN PGP';

/**
 * Reads the requester's public key as Quatrix may spell `sender_key` (not published): armoured text,
 * base64 of the armour, or base64 of the binary key. Refuses, with `encryption`, a missing or
 * unreadable key, and one that cannot encrypt now (expired, revoked, no encryption subkey).
 */
export async function readRecipientKey(text: string): Promise<RecipientKey> {
  const spelled = text.trim();
  if (!spelled) throw new UploadError('encryption', 'the requester has no public key');
  const openpgp = await loadOpenPgp();
  let key: OpenPgp.Key;
  try {
    if (spelled.startsWith(ARMOUR)) key = await openpgp.readKey({ armoredKey: spelled });
    else {
      const bytes = fromBase64(spelled);
      const asText = new TextDecoder().decode(bytes).trim();
      key = asText.startsWith(ARMOUR)
        ? await openpgp.readKey({ armoredKey: asText })
        : await openpgp.readKey({ binaryKey: bytes });
    }
  } catch (error) {
    throw new UploadError('encryption', "the requester's key cannot be read", { cause: error });
  }
  // Only ever the public part: a private key given by mistake is not kept, nor used to sign.
  const publicKey = key.toPublic();
  try {
    await publicKey.getEncryptionKey();
  } catch (error) {
    throw new UploadError('encryption', "the requester's key cannot encrypt", { cause: error });
  }
  return { key: publicKey, fingerprint: publicKey.getFingerprint().toUpperCase() };
}

/**
 * Encrypts `file` to `recipient` as one binary OpenPGP message, reading the file in slices as the
 * answer is read: nothing is held beyond what the reader of the answer holds. `onProgress` hears the
 * plaintext bytes taken in. The stream errors with `encryption` when encryption fails, and stops when
 * `signal` aborts.
 */
export async function encryptFile(
  file: Blob,
  recipient: RecipientKey,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<ReadableStream<Uint8Array>> {
  const openpgp = await loadOpenPgp();
  const { signal } = options;
  const stopped = (): Error => new UploadError('encryption', 'encryption stopped', { cause: signal?.reason });
  let done = 0;
  let stop: (() => void) | undefined;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start(controller) {
        // An abort between two slices errors the stream at once; one during a slice, after it.
        stop = () => controller.error(stopped());
        signal?.addEventListener('abort', stop, { once: true });
      },
      transform(chunk, controller) {
        done += chunk.byteLength;
        options.onProgress?.(done, file.size);
        if (signal?.aborted) throw stopped();
        controller.enqueue(chunk);
      },
      flush() {
        if (stop) signal?.removeEventListener('abort', stop);
      },
    }),
  );
  try {
    const message = await openpgp.createMessage({ binary: counted, format: 'binary' });
    return (await openpgp.encrypt({
      message,
      encryptionKeys: recipient.key,
      format: 'binary',
    })) as ReadableStream<Uint8Array>;
  } catch (error) {
    throw new UploadError('encryption', 'the file could not be encrypted', { cause: error });
  }
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
