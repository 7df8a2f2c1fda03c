import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import * as openpgp from 'openpgp';
import '../../src/define.js';
import { QuatrixClient } from '../../src/api/index.js';
import { FileRequestTarget, type QuatrixFileRequest, type UploadFileState } from '../../src/index.js';
import { ALICE_PGP } from '../fixtures/pgp.js';
import { IDS, testSeed } from '../fixtures/seed.js';
import { makeFile, requestLog, sha256Hex } from '../helpers/emulator-browser.js';
import { sendHeld, shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { allDone, SENT_TRAIL, statusTrail, until, uploadersPerTest } from '../helpers/uploader.js';

type Emu = ReturnType<ReturnType<typeof emulatorPerTest>>;

/** Requests that would carry a file's bytes, or reserve a place for them. */
async function sendingRequests(emu: Emu): Promise<string[]> {
  return (await requestLog(emu))
    .filter((r) => r.method !== 'OPTIONS')
    .map((r) => `${r.method} ${r.path}`)
    .filter((r) => /upload-link|\/upload\/chunked\/|finalize/.test(r));
}

/** What the emulator stored for a file, decrypted with ALICE's private key. */
async function decryptStored(emu: Emu, fileId: string): Promise<{ stored: Uint8Array; plain: Uint8Array }> {
  const base64 = (await emu.control('contentBase64', fileId)) as string;
  const stored = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const { data } = await openpgp.decrypt({
    message: await openpgp.readMessage({ binaryMessage: stored }),
    decryptionKeys: await openpgp.readPrivateKey({ armoredKey: ALICE_PGP.privateKey }),
    format: 'binary',
  });
  return { stored, plain: data as Uint8Array };
}

const MARKER = 'PLAINTEXT-MARKER-';

/** Runs `work` as in a browser without an origin-private file system (`navigator.storage` missing). */
async function withoutOpfs(work: () => Promise<void>): Promise<void> {
  const storage = Object.getOwnPropertyDescriptor(Navigator.prototype, 'storage')!;
  Object.defineProperty(navigator, 'storage', { configurable: true, get: () => undefined });
  try {
    await work();
  } finally {
    delete (navigator as unknown as Record<string, unknown>).storage;
    Object.defineProperty(Navigator.prototype, 'storage', storage);
  }
}

/** The names of the encrypted copies in the origin-private file system. */
async function copiesLeft(): Promise<string[]> {
  const left: string[] = [];
  const root = (await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> };
  for await (const name of root.keys()) if (name.startsWith('quatrix-upload-')) left.push(name);
  return left.sort();
}

/** Writes a file into the origin-private file system, as an earlier visit would have left it. */
async function leaveCopy(name: string, bytes: Uint8Array): Promise<void> {
  const handle = await (await navigator.storage.getDirectory()).getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(bytes as BlobPart);
  await writable.close();
}

/** A file whose bytes start and end with a marker that must never reach the server. */
function markedFile(name: string, size: number, seed: number): File {
  const body = makeFile(name, size, seed);
  const marker = new TextEncoder().encode(MARKER.repeat(8));
  return new File([marker, body, marker], name, { lastModified: body.lastModified });
}

function contains(haystack: Uint8Array, needle: string): boolean {
  return new TextDecoder('latin1').decode(haystack).includes(needle);
}

/**
 * A file request that demands files encrypted in the browser (`return_pgp_encrypted`): each file is
 * encrypted to the requester's public key before any byte of it leaves, and stored as `<name>.pgp`.
 */
describe('a request for encrypted returns', () => {
  const emu = emulatorPerTest();
  const make = uploadersPerTest();

  it('should send each file only as an OpenPGP message for the requester, which decrypts to it', async () => {
    const up = make(new FileRequestTarget(new QuatrixClient({ site: emu().url }), IDS.requestPgp));
    const trail = statusTrail(up);
    const files = [markedFile('report.txt', 300 * 1024, 1), new File([], 'empty.txt')];
    const done = allDone(up);
    up.addFiles(files);
    const { successful, failed } = await done;
    expect(failed).to.deep.equal([]);
    expect(successful.map((f) => f.name)).to.deep.equal(['report.txt', 'empty.txt']);
    expect(trail.get(successful[0]!.id)).to.deep.equal(SENT_TRAIL);
    const stored = (await emu().files(IDS.returns)).map((f) => f.name).sort();
    expect(stored).to.deep.equal(['empty.txt.pgp', 'report.txt.pgp']);
    expect(
      await emu().control('unencryptedReturns', IDS.requestPgp),
      'only messages for ALICE',
    ).to.deep.equal([]);
    for (const [i, f] of (successful as UploadFileState[]).entries()) {
      const { stored: bytes, plain } = await decryptStored(emu(), f.result!.fileId);
      expect(contains(bytes, MARKER), 'no plaintext stored').to.equal(false);
      expect(await sha256Hex(new Blob([plain as BlobPart]))).to.equal(await sha256Hex(files[i]!));
    }
  });

  it('should send nothing when the requester has no key, saying that files cannot be encrypted', async () => {
    const up = make(new FileRequestTarget(new QuatrixClient({ site: emu().url }), IDS.requestPgpNoKey));
    const done = allDone(up);
    up.addFiles([markedFile('secret.txt', 2000, 2)]);
    const { failed } = await done;
    expect(failed.map((f) => f.error?.reason)).to.deep.equal(['encryption']);
    expect(up.getState().fatalError?.reason).to.equal('encryption');
    expect(await sendingRequests(emu())).to.deep.equal([]);
  });

  it("should send nothing when the requester's key cannot be read", async () => {
    const seed = testSeed();
    seed.users.find((u) => u.id === IDS.alice)!.pgpPublicKey =
      '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----';
    await emu.start({ seed });
    const up = make(new FileRequestTarget(new QuatrixClient({ site: emu().url }), IDS.requestPgp));
    const done = allDone(up);
    up.addFiles([markedFile('broken.txt', 2000, 6)]);
    const { failed } = await done;
    expect(failed.map((f) => [f.error?.reason, f.error?.message])).to.deep.equal([
      ['encryption', "the requester's key cannot be read"],
    ]);
    expect(await sendingRequests(emu())).to.deep.equal([]);
    // The page says why its fingerprint cannot be shown either.
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${IDS.requestPgp}></quatrix-file-request>`,
    );
    ((await shown(el, '[part=fingerprint] summary')) as HTMLElement).click();
    expect((await shown(el, '[part=fingerprint] [part=field-error]')).textContent).to.match(/encrypt/i);
    expect(el.shadowRoot!.querySelector('[part=fingerprint-value]')).to.equal(null);
  });

  it('should keep the encrypted copy in memory where the browser has no origin-private file system', async () => {
    await withoutOpfs(async () => {
      const up = make(new FileRequestTarget(new QuatrixClient({ site: emu().url }), IDS.requestPgp));
      const done = allDone(up);
      const file = markedFile('memory.txt', 100 * 1024, 3);
      up.addFiles([file]);
      const [sent] = (await done).successful as UploadFileState[];
      expect(
        await sha256Hex(new Blob([(await decryptStored(emu(), sent!.result!.fileId)).plain as BlobPart])),
      ).to.equal(await sha256Hex(file));
    });
  });

  it('should refuse, without a private file system, only the file too large to encrypt in memory', async () => {
    await withoutOpfs(async () => {
      const up = make(new FileRequestTarget(new QuatrixClient({ site: emu().url }), IDS.requestPgp));
      const done = allDone(up);
      const small = markedFile('small.txt', 10_000, 11);
      up.addFiles([new File([new Uint8Array(256 * 1024 * 1024 + 1)], 'huge.bin'), small]);
      const { successful, failed } = await done;
      expect(failed.map((f) => [f.name, f.error?.reason, f.error?.details.limit])).to.deep.equal([
        ['huge.bin', 'too-large', 256 * 1024 * 1024],
      ]);
      expect(up.getState().fatalError, 'the other files go on').to.equal(undefined);
      expect(successful.map((f) => f.name)).to.deep.equal(['small.txt']);
      expect((await emu().files(IDS.returns)).map((f) => f.name)).to.deep.equal(['small.txt.pgp']);
      expect((await sendingRequests(emu())).filter((r) => r.includes('upload-link'))).to.have.length(1);
    });
  });

  it('should stop encrypting when the file is cancelled, reserving nothing and keeping no copy', async () => {
    const up = make(new FileRequestTarget(new QuatrixClient({ site: emu().url }), IDS.requestPgp));
    const [added] = up.addFiles([makeFile('large.bin', 96 * 1024 * 1024, 4)]);
    await new Promise<void>((resolve) => {
      const off = up.on('change', (s) => {
        if ((s.files[0]?.preparedPercent ?? 0) > 0) {
          off();
          resolve();
        }
      });
    });
    up.cancel(added!.id);
    await new Promise((r) => setTimeout(r, 500));
    expect(up.getFile(added!.id)?.status).to.equal('cancelled');
    expect(await sendingRequests(emu())).to.deep.equal([]);
    expect(await copiesLeft()).to.deep.equal([]);
  });

  describe('after a reload', () => {
    const client = (): QuatrixClient => new QuatrixClient({ site: emu().url });
    const chunkStarts = async (from: number): Promise<number[]> =>
      ((await emu().control('requests')) as Array<{ method: string; contentRange?: string }>)
        .slice(from)
        .filter((r) => r.method === 'POST' && r.contentRange)
        .map((r) => Number(/bytes (\d+)-/.exec(r.contentRange!)![1]));

    /** A first visit encrypts `file` and sends part of its copy, then the page goes away. */
    async function firstVisit(file: File): Promise<void> {
      await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 150 }]);
      const first = make(new FileRequestTarget(client(), IDS.requestPgp), { chunkSize: 128 * 1024 });
      const [state] = first.addFiles([file]);
      await until(first, () => (first.getFile(state!.id)?.bytesUploaded ?? 0) >= 256 * 1024);
      first.dispose(); // the page goes away
      await emu().control('setFaults', []);
    }

    it('should continue sending the same encrypted copy, not encrypting again', async () => {
      const file = markedFile('long.txt', 1024 * 1024, 7);
      await firstVisit(file);
      expect(await copiesLeft(), 'the copy stays for the next visit').to.have.length(1);

      const second = make(new FileRequestTarget(client(), IDS.requestPgp));
      const [unfinished] = second.listUnfinished();
      expect(unfinished).to.include({ name: 'long.txt', size: file.size });
      const requestsBefore = ((await emu().control('requests')) as unknown[]).length;
      const trail = statusTrail(second);
      let encrypted = false;
      second.on('change', (s) => (encrypted ||= s.files.some((f) => f.preparedPercent !== undefined)));
      const done = allDone(second);
      const [again] = second.addFiles([file]);
      expect(again!.resumed).to.equal(true);
      expect(again!.sentSize).to.be.greaterThan(file.size);
      const { successful, failed } = await done;
      expect(failed).to.deep.equal([]);
      expect(encrypted, 'no encryption on the second visit').to.equal(false);
      expect(trail.get(again!.id)).to.deep.equal(SENT_TRAIL);
      expect(Math.min(...(await chunkStarts(requestsBefore)))).to.be.greaterThanOrEqual(128 * 1024);
      expect((await sendingRequests(emu())).filter((r) => r.includes('upload-link'))).to.have.length(1);
      const stored = await emu().files(IDS.returns);
      expect(stored.map((f) => f.name)).to.deep.equal(['long.txt.pgp']);
      const { plain } = await decryptStored(emu(), successful[0]!.result!.fileId);
      expect(await sha256Hex(new Blob([plain as BlobPart]))).to.equal(await sha256Hex(file));
      expect(await copiesLeft()).to.deep.equal([]);
      expect(localStorage.length).to.equal(0);
    });

    it('should encrypt again when the page went away while encrypting, and leave no copy behind', async () => {
      const file = markedFile('midway.bin', 32 * 1024 * 1024, 10);
      const first = make(new FileRequestTarget(client(), IDS.requestPgp));
      const [state] = first.addFiles([file]);
      await until(first, () => (first.getFile(state!.id)?.preparedPercent ?? 0) > 0);
      first.dispose(); // the page goes away while the file is encrypted
      await new Promise((r) => setTimeout(r, 200));
      expect(await copiesLeft(), 'no half-written copy stays').to.deep.equal([]);
      expect(await sendingRequests(emu()), 'nothing was reserved or sent').to.deep.equal([]);

      const second = make(new FileRequestTarget(client(), IDS.requestPgp));
      expect(second.listUnfinished(), 'nothing to continue').to.deep.equal([]);
      const done = allDone(second);
      second.addFiles([file]);
      const { successful, failed } = await done;
      expect(failed).to.deep.equal([]);
      expect((await emu().files(IDS.returns)).map((f) => f.name)).to.deep.equal(['midway.bin.pgp']);
      const { plain } = await decryptStored(emu(), successful[0]!.result!.fileId);
      expect(await sha256Hex(new Blob([plain as BlobPart]))).to.equal(await sha256Hex(file));
      expect(await emu().control('unencryptedReturns', IDS.requestPgp)).to.deep.equal([]);
    });

    it('should encrypt anew, for a new reservation, when the copy is gone', async () => {
      const file = markedFile('gone.txt', 1024 * 1024, 8);
      await firstVisit(file);
      const [copy] = await copiesLeft();
      await (await navigator.storage.getDirectory()).removeEntry(copy!);

      const second = make(new FileRequestTarget(client(), IDS.requestPgp));
      let encrypted = false;
      second.on('change', (s) => (encrypted ||= s.files.some((f) => f.preparedPercent !== undefined)));
      const done = allDone(second);
      second.addFiles([file]);
      const { successful, failed } = await done;
      expect(failed).to.deep.equal([]);
      expect(encrypted).to.equal(true);
      expect((await sendingRequests(emu())).filter((r) => r.includes('upload-link'))).to.have.length(2);
      // The first reservation holds bytes of a copy that no longer exists and a recipient cannot delete
      // it: the new copy is stored beside it, under the name the server gives.
      expect((await emu().files(IDS.returns)).map((f) => f.name)).to.deep.equal(['gone.txt (1).pgp']);
      const { plain } = await decryptStored(emu(), successful[0]!.result!.fileId);
      expect(await sha256Hex(new Blob([plain as BlobPart]))).to.equal(await sha256Hex(file));
    });

    it('should remove the copies that visits ended while encrypting left, but none another page holds', async () => {
      const uuid = (n: number): string => `00000000-0000-4000-8000-00000000000${n}`;
      const partial = `quatrix-upload-${uuid(1)}.pgp`; // a visit ended while encrypting: empty
      const held = `quatrix-upload-${uuid(2)}.pgp`; // another page is writing it
      const recent = `quatrix-upload-${uuid(3)}.pgp`; // a visit that may still continue it
      await leaveCopy(partial, new Uint8Array());
      await leaveCopy(held, new Uint8Array());
      await leaveCopy(recent, new Uint8Array(64));
      let releaseHeld = (): void => {};
      const holding = new Promise<void>((r) => (releaseHeld = r));
      const taken = new Promise<void>(
        (r) => void navigator.locks.request(`quatrix-upload:copy:${held}`, () => (r(), holding)),
      );
      await taken;
      try {
        const up = make(new FileRequestTarget(client(), IDS.requestPgp));
        const done = allDone(up);
        up.addFiles([markedFile('next.txt', 1000, 9)]);
        expect((await done).failed).to.deep.equal([]);
        expect(await copiesLeft()).to.deep.equal([held, recent].sort());
      } finally {
        releaseHeld();
        const root = await navigator.storage.getDirectory();
        for (const name of await copiesLeft()) await root.removeEntry(name);
      }
    });
  });

  it('should say so in the file request page, then return the encrypted files with Send', async () => {
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${IDS.requestPgp}></quatrix-file-request>`,
    );
    expect((await shown(el, '[part~=encryption]')).textContent).to.contain('encrypted');
    // The key's fingerprint, on demand, to compare with what the requester reads out.
    el.shadowRoot!.querySelector<HTMLElement>('[part=fingerprint] summary')!.click();
    const fingerprint = (await openpgp.readKey({ armoredKey: ALICE_PGP.publicKey }))
      .getFingerprint()
      .toUpperCase();
    const value = await shown(el, '[part=fingerprint-value]');
    expect(value.textContent!.replace(/\s/g, '')).to.equal(fingerprint);
    expect(value.textContent).to.match(/^[0-9A-F]{4}( [0-9A-F]{4})+$/);
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([markedFile('page.txt', 1000, 5)]);
    await sendHeld(el);
    const sentSize = (await done).detail.successful[0]!.sentSize!;
    // The list shows what is sent: the encrypted copy's size beside the file's own.
    expect(sentSize).to.be.greaterThan(1000 + MARKER.length * 16);
    expect((await shown(el, '[part=file-sent-size]')).textContent).to.match(/^encrypted: 1\.4\skB$/);
    const sent = oneEvent(el, 'quatrix-request-sent');
    ((await shown(el, '[part=send] button[aria-disabled=false]')) as HTMLButtonElement).click();
    const { detail } = await sent;
    expect(detail.fileIds).to.have.length(1);
    const { plain } = await decryptStored(emu(), detail.fileIds[0]!);
    expect(contains(plain, MARKER)).to.equal(true);
    await expect(el).to.be.accessible();
  });
});
