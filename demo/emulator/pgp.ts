import { readFile } from 'node:fs/promises';
import * as openpgp from 'openpgp';

/** Packets an encrypted message is made of: session keys (public-key or symmetric), then the data. */
const SESSION_KEY_TAGS = new Set([1, 3]);
const ENCRYPTED_DATA_TAGS = new Set([18, 20]);

/**
 * Why a stored file is not an OpenPGP message encrypted to `armoredKey`, or undefined when it is one:
 * one or more session-key packets, then exactly one encrypted-data packet, and nothing in the clear,
 * with a public-key session key for one of the key's (sub)keys. Only the packets' framing and key ids
 * are read: no private key is needed. Reads the file whole (returned files in tests are small).
 */
export async function notEncryptedTo(file: string, armoredKey: string): Promise<string | undefined> {
  let message: openpgp.Message<Uint8Array>;
  try {
    message = await openpgp.readMessage({ binaryMessage: new Uint8Array(await readFile(file)) });
  } catch {
    return 'not an OpenPGP message';
  }
  const tags = message.packets.map((p) => (p.constructor as unknown as { tag: number }).tag);
  const data = tags.filter((t) => ENCRYPTED_DATA_TAGS.has(t)).length;
  if (
    data !== 1 ||
    !ENCRYPTED_DATA_TAGS.has(tags.at(-1)!) ||
    !tags.slice(0, -1).every((t) => SESSION_KEY_TAGS.has(t))
  )
    return `not an encrypted message (packets ${tags.join(', ')})`;
  const key = await openpgp.readKey({ armoredKey });
  const ours = new Set(key.getKeyIDs().map((id) => id.toHex()));
  const to = message.getEncryptionKeyIDs().map((id) => id.toHex());
  return to.some((id) => ours.has(id)) ? undefined : `encrypted to other keys (${to.join(', ')})`;
}
