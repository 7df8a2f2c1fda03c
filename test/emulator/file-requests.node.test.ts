import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import * as openpgp from 'openpgp';
import { ALICE_PGP } from '../fixtures/pgp.js';
import { ALICE, IDS, testSeed } from '../fixtures/seed.js';
import { call, startEmulator } from '../helpers/emulator.js';

describe('emulator: file requests and returns', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator({ requestPageUrl: 'https://pages.example/return?id={id}' });
  });
  after(() => emu.close());
  const api = (method: string, p: string, init?: Parameters<typeof call>[3]) =>
    call(emu.url, method, `/api/1.0${p}`, init);
  const codeOf = (r: { body: unknown }) => (r.body as { code: number }).code;
  const recipient = async (id: string) =>
    (await api('GET', `/files-return/metadata/${id}`)).headers.get('X-Auth-Token')!;

  async function returnFile(token: string, requestId: string, name: string, content: string) {
    const link = await api('POST', `/files-return/upload-link/${requestId}`, {
      token,
      body: { name, file_size: content.length },
    });
    assert.equal(link.status, 200, JSON.stringify(link.body));
    const { upload_key, file_id } = link.body as { upload_key: string; file_id: string };
    await call(emu.url, 'POST', `/upload/chunked/${upload_key}`, {
      raw: content,
      headers: { 'Content-Range': `bytes 0-${content.length - 1}/${content.length}` },
    });
    const fin = await api('GET', `/upload/finalize/${upload_key}`, { token });
    assert.equal(fin.status, 200);
    return file_id;
  }

  it('should create a request whose page the recipient opens, then receive and send the files', async () => {
    const created = await api('POST', '/share/request', {
      headers: { Authorization: `Bearer ${ALICE.apiKey}` },
      // Without sign-in (request_auth false): the flow of an anonymous recipient.
      body: {
        ids: [IDS.contactCarol],
        message: 'Please send the scans',
        folder_id: IDS.returns,
        request_auth: false,
      },
    });
    assert.equal(created.status, 200);
    const { id, url } = created.body as { id: string; url: string };
    assert.equal(url, `https://pages.example/return?id=${id}`);
    const token = await recipient(id);
    const meta = (await api('GET', `/files-return/metadata/${id}`, { token })).body as Record<
      string,
      unknown
    >;
    assert.equal(meta.message, 'Please send the scans');
    assert.equal(meta.sender_email, ALICE.email);
    assert.equal(meta.user_email, 'carol@example.com');
    const fileId = await returnFile(token, id, 'scan.pdf', 'PDF!');
    const sent = await api('POST', '/files-return/send', {
      token,
      body: { id, files: [fileId], message: 'Here they are' },
    });
    assert.deepEqual(sent.body, { file_ids: [fileId] });
    const request = emu.store.requests.get(id)!;
    assert.deepEqual(
      request.returns.map((r) => [r.files, r.message]),
      [[[fileId], 'Here they are']],
    );
    assert.ok(emu.files(IDS.returns).some((f) => f.id === fileId));
  });

  it('should refuse to send files that are not finished uploads of this return', async () => {
    const token = await recipient(IDS.request);
    const link = await api('POST', `/files-return/upload-link/${IDS.request}`, {
      token,
      body: { name: 'half.bin', file_size: 10 },
    });
    const unfinished = (link.body as { file_id: string }).file_id;
    const r = await api('POST', '/files-return/send', {
      token,
      body: { id: IDS.request, files: [unfinished] },
    });
    assert.equal(codeOf(r), 10);
    const other = await recipient(IDS.request);
    const stranger = await api('POST', '/files-return/send', {
      token: other,
      body: { id: IDS.request, files: [unfinished] },
    });
    assert.equal(codeOf(stranger), 10);
    const empty = await api('POST', '/files-return/send', { token, body: { id: IDS.request, files: [] } });
    assert.equal(codeOf(empty), 11);
  });

  it('should cap one return at files_per_share (code 50)', async () => {
    const token = await recipient(IDS.request);
    await api('POST', `/files-return/upload-link/${IDS.request}`, {
      token,
      body: { name: 'a', file_size: 1 },
    });
    await api('POST', `/files-return/upload-link/${IDS.request}`, {
      token,
      body: { name: 'b', file_size: 1 },
    });
    const third = await api('POST', `/files-return/upload-link/${IDS.request}`, {
      token,
      body: { name: 'c', file_size: 1 },
    });
    assert.equal(codeOf(third), 50);
    assert.deepEqual((third.body as { details: unknown }).details, { files_per_share: 2 });
  });

  it('should answer 73 until the PIN is given, 84 for a wrong PIN', async () => {
    const token = await recipient(IDS.requestPin);
    assert.equal(codeOf(await api('GET', `/files-return/metadata/${IDS.requestPin}`, { token })), 73);
    assert.equal(
      codeOf(
        await api('POST', `/files-return/upload-link/${IDS.requestPin}`, {
          token,
          body: { name: 'a', file_size: 1 },
        }),
      ),
      73,
    );
    assert.equal(
      codeOf(
        await api('POST', '/share/login-pin', { token, body: { id: IDS.requestPin, pin: btoa('0000') } }),
      ),
      84,
    );
    assert.equal(
      (await api('POST', '/share/login-pin', { token, body: { id: IDS.requestPin, pin: btoa('1234') } }))
        .status,
      200,
    );
    assert.equal((await api('GET', `/files-return/metadata/${IDS.requestPin}`, { token })).status, 200);
    // The PIN unlocks this session only.
    const other = await recipient(IDS.requestPin);
    assert.equal(codeOf(await api('GET', `/files-return/metadata/${IDS.requestPin}`, { token: other })), 73);
  });

  it('should answer 60 when expired, 70 before it activates, 20 when revoked or unknown', async () => {
    assert.equal(codeOf(await api('GET', `/files-return/metadata/${IDS.requestExpired}`)), 60);
    assert.equal(codeOf(await api('GET', `/files-return/metadata/${IDS.requestFuture}`)), 70);
    assert.equal(codeOf(await api('GET', `/files-return/metadata/${IDS.requestRevoked}`)), 20);
    assert.equal(codeOf(await api('GET', `/files-return/metadata/${IDS.unknown}`)), 20);
  });

  it('should refuse uploads to a request that has expired since the page was opened', async () => {
    const token = await recipient(IDS.request);
    emu.advanceTime(2 * 86_400_000);
    try {
      const r = await api('POST', `/files-return/upload-link/${IDS.request}`, {
        token,
        body: { name: 'late', file_size: 1 },
      });
      assert.equal(codeOf(r), 60);
    } finally {
      emu.advanceTime(-2 * 86_400_000);
    }
  });

  it('should refuse a request for contacts that are not the user’s', async () => {
    const r = await api('POST', '/share/request', {
      headers: { Authorization: `Bearer ${ALICE.apiKey}` },
      body: { ids: [IDS.contactOfBob] },
    });
    assert.equal(codeOf(r), 20);
    const none = await api('POST', '/share/request', {
      headers: { Authorization: `Bearer ${ALICE.apiKey}` },
      body: { ids: [] },
    });
    assert.equal(codeOf(none), 11);
  });
});

describe('emulator: a file request expiring during an upload', () => {
  it('should refuse the chunks and the finalize of a return once the request expired (60)', async () => {
    // Sessions outlive the request here, so the refusal is the request's, not the session's.
    const emu = await startEmulator({ sessionTtlMs: 10 * 86_400_000 });
    try {
      const api = (method: string, p: string, init?: Parameters<typeof call>[3]) =>
        call(emu.url, method, `/api/1.0${p}`, init);
      const token = (await api('GET', `/files-return/metadata/${IDS.request}`)).headers.get('X-Auth-Token')!;
      const link = await api('POST', `/files-return/upload-link/${IDS.request}`, {
        token,
        body: { name: 'slow.bin', file_size: 4 },
      });
      const key = (link.body as { upload_key: string }).upload_key;
      const first = await call(emu.url, 'POST', `/upload/chunked/${key}`, {
        raw: 'ab',
        headers: { 'Content-Range': 'bytes 0-1/4' },
      });
      assert.equal(first.status, 200);
      emu.advanceTime(2 * 86_400_000);
      const second = await call(emu.url, 'POST', `/upload/chunked/${key}`, {
        raw: 'cd',
        headers: { 'Content-Range': 'bytes 2-3/4' },
      });
      assert.equal((second.body as { code: number }).code, 60);
      const fin = await api('GET', `/upload/finalize/${key}`, { token });
      assert.equal((fin.body as { code: number }).code, 60);
    } finally {
      await emu.close();
    }
  });
});

describe('emulator: file requests that ask for encrypted returns', () => {
  const meta = async (emu: QuatrixEmulator, id: string): Promise<Record<string, unknown>> =>
    (await call(emu.url, 'GET', `/api/1.0/files-return/metadata/${id}`)).body as Record<string, unknown>;

  for (const encoding of ['armored', 'base64-armored', 'base64-binary'] as const) {
    it(`should give the requester's public key as sender_key (${encoding})`, async () => {
      const emu = await startEmulator({ senderKeyEncoding: encoding });
      try {
        const m = await meta(emu, IDS.requestPgp);
        assert.equal(m.pgp_enabled, true);
        assert.equal(m.return_pgp_encrypted, true);
        const key = String(m.sender_key);
        const armored =
          encoding === 'armored'
            ? key
            : encoding === 'base64-armored'
              ? Buffer.from(key, 'base64').toString()
              : '';
        if (encoding === 'base64-binary') {
          // The binary key: a public-key packet first (tag 6, new or old format).
          const first = Buffer.from(key, 'base64')[0]!;
          assert.ok(first === 0xc6 || (first & 0xbc) === 0x98, `first byte ${first.toString(16)}`);
        } else assert.equal(armored, ALICE_PGP.publicKey);
        assert.equal((await meta(emu, IDS.request)).sender_key, '', 'no key where none is asked for');
      } finally {
        await emu.close();
      }
    });
  }

  it('should store return_pgp_encrypted of share/request, and refuse it when PGP is off (403, code 51)', async () => {
    const emu = await startEmulator();
    try {
      const created = await call(emu.url, 'POST', '/api/1.0/share/request', {
        headers: { Authorization: `Bearer ${ALICE.apiKey}` },
        body: { ids: [IDS.contactCarol], request_auth: false, return_pgp_encrypted: true },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const { id } = created.body as { id: string };
      assert.equal((await meta(emu, id)).return_pgp_encrypted, true);
      assert.equal((await meta(emu, id)).sender_key, ALICE_PGP.publicKey);
    } finally {
      await emu.close();
    }
    const seed = testSeed();
    seed.account.pgpEnabled = false;
    const off = await startEmulator({ seed });
    try {
      const refused = await call(off.url, 'POST', '/api/1.0/share/request', {
        headers: { Authorization: `Bearer ${ALICE.apiKey}` },
        body: { ids: [IDS.contactCarol], return_pgp_encrypted: true },
      });
      assert.equal(refused.status, 403);
      assert.equal((refused.body as { code: number }).code, 51);
    } finally {
      await off.close();
    }
  });
});

describe('emulator: PGP keys (as the production clients describe them)', () => {
  const get = (emu: QuatrixEmulator, p: string, init?: Parameters<typeof call>[3]) =>
    call(emu.url, 'GET', `/api/1.0${p}`, { headers: { Authorization: `Bearer ${ALICE.apiKey}` }, ...init });
  const fromBase64 = (text: unknown): string => Buffer.from(String(text), 'base64').toString('utf8');

  it("should answer a user's key (public, base64), 404 without one, and who is signed in", async () => {
    const emu = await startEmulator();
    try {
      const profile = await get(emu, '/profile');
      assert.equal((profile.body as { id: string }).id, IDS.alice);
      const own = await get(emu, `/user/pgp-key/${IDS.alice}`);
      assert.equal(own.status, 200);
      const key = own.body as Record<string, unknown>;
      assert.equal(fromBase64(key.public), ALICE_PGP.publicKey);
      assert.equal(key.private, '', 'the emulator holds no private key');
      assert.equal(typeof key.id, 'string');
      const none = await get(emu, `/user/pgp-key/${IDS.bob}`);
      assert.equal(none.status, 404);
      assert.equal((await get(emu, `/user/pgp-key/${IDS.alice}`, { headers: {} })).status, 401);
    } finally {
      await emu.close();
    }
  });

  it("should answer a contact's key, 404 without one, and list the keys of recipients that have one", async () => {
    const seed = testSeed();
    seed.contacts!.find((c) => c.id === IDS.contactCarol)!.pgpPublicKey = ALICE_PGP.publicKey;
    const emu = await startEmulator({ seed });
    try {
      const carol = await get(emu, `/contact/pgp-key/${IDS.contactCarol}`);
      assert.equal(carol.status, 200);
      assert.equal(fromBase64((carol.body as { public: string }).public), ALICE_PGP.publicKey);
      const contacts = (await get(emu, '/contact')).body as Array<{ id: string; has_key: boolean }>;
      assert.equal(contacts.find((c) => c.id === IDS.contactCarol)?.has_key, true);
      const listed = await call(emu.url, 'POST', '/api/1.0/pgp-key/recipients', {
        headers: { Authorization: `Bearer ${ALICE.apiKey}` },
        body: { ids: [IDS.contactCarol, IDS.bob, IDS.alice] },
      });
      assert.equal(listed.status, 200);
      const keys = listed.body as Array<Record<string, unknown>>;
      assert.deepEqual(
        keys.map((k) => k.recipient_id),
        [IDS.contactCarol, IDS.alice],
      );
      assert.ok(
        keys.every((k) => !('private' in k)),
        'no private part in the list',
      );
    } finally {
      await emu.close();
    }
    const plain = await startEmulator();
    try {
      const none = await get(plain, `/contact/pgp-key/${IDS.contactCarol}`);
      assert.equal(none.status, 404);
      assert.equal((none.body as { msg: string }).msg, "Contact doesn't have a PGP key");
    } finally {
      await plain.close();
    }
  });

  it('should refuse every key call with 403 and code 51 when PGP management is off', async () => {
    const seed = testSeed();
    seed.account.pgpEnabled = false;
    const emu = await startEmulator({ seed });
    try {
      for (const r of [
        await get(emu, `/user/pgp-key/${IDS.alice}`),
        await get(emu, `/contact/pgp-key/${IDS.contactCarol}`),
        await call(emu.url, 'POST', '/api/1.0/pgp-key/recipients', {
          headers: { Authorization: `Bearer ${ALICE.apiKey}` },
          body: { ids: [IDS.alice] },
        }),
      ]) {
        assert.equal(r.status, 403);
        assert.equal((r.body as { code: number }).code, 51);
      }
    } finally {
      await emu.close();
    }
  });
});

describe('emulator: what an encrypted return holds', () => {
  /** Uploads `content` to a return as its recipient; answers the session token and the file id. */
  async function upload(emu: QuatrixEmulator, name: string, content: Uint8Array) {
    const meta = await call(emu.url, 'GET', `/api/1.0/files-return/metadata/${IDS.requestPgp}`);
    const token = meta.headers.get('X-Auth-Token')!;
    const link = await call(emu.url, 'POST', `/api/1.0/files-return/upload-link/${IDS.requestPgp}`, {
      token,
      body: { name, file_size: content.length },
    });
    const { upload_key, file_id } = link.body as { upload_key: string; file_id: string };
    await call(emu.url, 'POST', `/upload/chunked/${upload_key}`, {
      raw: Buffer.from(content),
      headers: { 'Content-Range': `bytes 0-${content.length - 1}/${content.length}` },
    });
    await call(emu.url, 'GET', `/api/1.0/upload/finalize/${upload_key}`, { token });
    return { token, fileId: file_id };
  }
  const send = (emu: QuatrixEmulator, token: string, fileId: string) =>
    call(emu.url, 'POST', '/api/1.0/files-return/send', {
      token,
      body: { id: IDS.requestPgp, files: [fileId] },
    });
  const encrypt = async (armoredKey: string): Promise<Uint8Array> =>
    (await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: new TextEncoder().encode('the report') }),
      encryptionKeys: await openpgp.readKey({ armoredKey }),
      format: 'binary',
    })) as Uint8Array;

  it('should tell plaintext and messages for other keys from messages for the requester', async () => {
    const emu = await startEmulator();
    try {
      const other = await openpgp.generateKey({
        userIDs: [{ email: 'other@example.com' }],
        format: 'armored',
      });
      await upload(emu, 'plain.txt', new TextEncoder().encode('the report'));
      await upload(emu, 'other.pgp', await encrypt(other.publicKey));
      const good = await upload(emu, 'good.pgp', await encrypt(ALICE_PGP.publicKey));
      assert.equal((await send(emu, good.token, good.fileId)).status, 200);
      const problems = await emu.unencryptedReturns(IDS.requestPgp);
      assert.deepEqual(
        problems.map((p) => p.name),
        ['plain.txt', 'other.pgp'],
      );
      assert.equal(problems[0]!.problem, 'not an OpenPGP message');
      assert.match(problems[1]!.problem, /^encrypted to other keys/);
    } finally {
      await emu.close();
    }
  });

  it('should send a plaintext return by default, and refuse it (code 10) when told to', async () => {
    for (const refuse of [false, true]) {
      const emu = await startEmulator({ refuseUnencryptedReturns: refuse });
      try {
        const plain = await upload(emu, 'plain.txt', new TextEncoder().encode('the report'));
        const sent = await send(emu, plain.token, plain.fileId);
        if (refuse) {
          assert.equal(sent.status, 400);
          assert.equal((sent.body as { code: number }).code, 10);
        } else assert.equal(sent.status, 200);
        const good = await upload(emu, 'good.pgp', await encrypt(ALICE_PGP.publicKey));
        assert.equal((await send(emu, good.token, good.fileId)).status, 200);
      } finally {
        await emu.close();
      }
    }
  });
});
