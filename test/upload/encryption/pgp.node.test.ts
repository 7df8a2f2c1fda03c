import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import * as openpgp from 'openpgp';
import { encryptFile, readRecipientKey } from '../../../src/upload/encryption/pgp.js';
import { ALICE_PGP } from '../../fixtures/pgp.js';

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function decrypt(message: Uint8Array): Promise<Uint8Array> {
  const privateKey = await openpgp.readPrivateKey({ armoredKey: ALICE_PGP.privateKey });
  const { data } = await openpgp.decrypt({
    message: await openpgp.readMessage({ binaryMessage: message }),
    decryptionKeys: privateKey,
    format: 'binary',
  });
  return data as Uint8Array;
}

/** The binary key inside the armour (its base64 body, without the checksum line). */
function binaryKeyBase64(armored: string): string {
  return armored
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('-----') && !l.startsWith('=') && !l.includes(':'))
    .join('');
}

describe('PGP encryption of returned files', () => {
  it("should read the requester's key armoured, as base64 of the armour and as base64 of the binary key", async () => {
    const spellings = [
      ALICE_PGP.publicKey,
      Buffer.from(ALICE_PGP.publicKey).toString('base64'),
      binaryKeyBase64(ALICE_PGP.publicKey),
    ];
    const prints = await Promise.all(spellings.map(async (s) => (await readRecipientKey(s)).fingerprint));
    assert.equal(new Set(prints).size, 1);
    assert.match(prints[0]!, /^[0-9A-F]{40}$/);
  });

  it('should refuse a missing, unreadable or expired key with encryption', async () => {
    const expired = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Old', email: 'old@example.com' }],
      date: new Date(Date.now() - 3_600_000),
      keyExpirationTime: 60,
      format: 'armored',
    });
    for (const key of ['', '   ', 'not a key', 'aGVsbG8=', expired.publicKey]) {
      await assert.rejects(readRecipientKey(key), (e: { reason?: string }) => e.reason === 'encryption', key);
    }
  });

  it('should use only the public part of a private key given by mistake', async () => {
    const recipient = await readRecipientKey(ALICE_PGP.privateKey);
    assert.equal(recipient.key.isPrivate(), false);
  });

  it('should encrypt a file as one binary OpenPGP message that decrypts to it, without its plaintext', async () => {
    const recipient = await readRecipientKey(ALICE_PGP.publicKey);
    const marker = new TextEncoder().encode('PLAINTEXT-MARKER-'.repeat(64));
    const plain = new Uint8Array([...marker, ...randomBytes(3 * 1024 * 1024), ...marker]);
    let seen = 0;
    const message = await bytesOf(
      await encryptFile(new Blob([plain]), recipient, { onProgress: (done) => (seen = done) }),
    );
    assert.equal(seen, plain.length, 'progress reaches the size');
    // A public-key encrypted session key packet first (tag 1, new or old packet format).
    assert.ok(message[0] === 0xc1 || (message[0]! & 0xbc) === 0x84, `first byte ${message[0]!.toString(16)}`);
    assert.equal(Buffer.from(message).includes(Buffer.from('PLAINTEXT-MARKER-')), false);
    assert.deepEqual(Buffer.from(await decrypt(message)), Buffer.from(plain));
  });

  it('should encrypt an empty file', async () => {
    const recipient = await readRecipientKey(ALICE_PGP.publicKey);
    const message = await bytesOf(await encryptFile(new Blob([]), recipient));
    assert.ok(message.length > 0);
    assert.equal((await decrypt(message)).length, 0);
  });

  it('should stop with the signal', async () => {
    const recipient = await readRecipientKey(ALICE_PGP.publicKey);
    const controller = new AbortController();
    const stream = await encryptFile(new Blob([randomBytes(8 * 1024 * 1024)]), recipient, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 0) controller.abort(new Error('stopped by the test'));
      },
    });
    await assert.rejects(bytesOf(stream));
  });
});
