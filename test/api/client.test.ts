import { expect } from '@open-wc/testing';
import {
  QuatrixClient,
  QuatrixCode,
  QuatrixError,
  QuatrixNetworkError,
  QuatrixTimeoutError,
} from '../../src/api/index.js';
import { IDS } from '../fixtures/seed.js';
import { makeFile, sha256Hex } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

describe('QuatrixClient in Chromium, cross-origin against the emulator', () => {
  const emu = emulatorPerTest();

  it('runs on another origin than the emulator', () => {
    expect(new URL(emu().url).origin).to.not.equal(location.origin);
  });

  it('should upload a file through the public widget, byte-identical on the server', async () => {
    const client = new QuatrixClient({ site: emu().url });
    const meta = await client.getWidgetMetadata(IDS.widgetOpen);
    expect(meta).to.deep.equal({ id: IDS.widgetOpen, captchaPassed: true, filesRemaining: 3 });
    // The visitor session travels in a CORS-exposed header, so third-party cookie rules cannot break it.
    expect(client.visitorToken).to.match(/^[0-9a-f-]{36}$/);

    const file = makeFile('report ü.bin', 300_000);
    const folder = await client.makeWidgetDir(IDS.widgetOpen, { name: 'From the browser' });
    const { uploadKey } = await client.getWidgetUploadLink(IDS.widgetOpen, {
      name: file.name,
      fileSize: file.size,
      parentId: folder.id,
      payload: { name: 'Eve', email: 'eve@example.com' },
    });
    const chunk = 128 * 1024;
    for (let offset = 0; offset < file.size; offset += chunk) {
      await client.uploadChunk(uploadKey, file.slice(offset, offset + chunk), offset, file.size);
    }
    const done = await client.finalizeWidgetUpload(uploadKey);
    expect(done.size).to.equal(file.size);
    expect(done.parentId).to.equal(folder.id);

    expect(await emu().sha256(done.id)).to.equal(await sha256Hex(file));
    const [stored] = await emu().files(folder.id);
    expect(stored?.name).to.equal('report ü.bin');
    expect(stored?.payload).to.deep.equal({ name: 'Eve', email: 'eve@example.com' });
    expect((await client.getWidgetMetadata(IDS.widgetOpen)).filesRemaining).to.equal(2);
  });

  it('should reject with a typed QuatrixError for an unknown widget', async () => {
    const client = new QuatrixClient({ site: emu().url });
    const error = await client.getWidgetMetadata(IDS.unknown).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(QuatrixError);
    expect((error as QuatrixError).code).to.equal(QuatrixCode.WidgetNotFound);
    expect((error as QuatrixError).status).to.equal(404);
  });

  it('should sign in with an API key kept out of the URL', async () => {
    const client = new QuatrixClient({
      site: emu().url,
      auth: { type: 'apiKey', apiKey: 'key-alice-0123456789' },
    });
    const info = await client.getProfileInfo();
    expect(info.userLimit).to.equal(50 * 1024 * 1024);
    const requests = (await emu().control('requests')) as Array<{ path: string }>;
    expect(requests.some((r) => r.path.includes('key-alice'))).to.equal(false);
  });

  it('should read Retry-After from a 429 answer', async () => {
    await emu().control('setFaults', [{ path: '/widget/metadata/', status: 429, retryAfter: 7, times: 1 }]);
    const client = new QuatrixClient({ site: emu().url });
    const error = (await client.getWidgetMetadata(IDS.widgetOpen).catch((e: unknown) => e)) as QuatrixError;
    expect(error).to.be.instanceOf(QuatrixError);
    expect(error.status).to.equal(429);
    expect(error.retryAfter).to.equal(7);
    expect(error.retryable).to.equal(true);
  });

  it('should fail with a QuatrixTimeoutError when the answer is late', async () => {
    await emu().control('setFaults', [{ path: '/account/metadata', latencyMs: 1_000 }]);
    const client = new QuatrixClient({ site: emu().url, timeout: 100 });
    const error = await client.getAccountMetadata().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(QuatrixTimeoutError);
  });

  it('should fail with a QuatrixNetworkError when the connection drops mid-body', async () => {
    const client = new QuatrixClient({ site: emu().url });
    const { uploadKey } = await client.getWidgetUploadLink(IDS.widgetOpen, {
      name: 'x.bin',
      fileSize: 200_000,
    });
    // Every attempt is cut: Chromium itself silently re-sends a request whose reused connection drops.
    await emu().control('setFaults', [{ path: '/upload/chunked/', dropAfterBytes: 50_000 }]);
    const file = makeFile('x.bin', 200_000);
    const error = await client.uploadChunk(uploadKey, file, 0, file.size).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(QuatrixNetworkError);
    await emu().control('setFaults', []);
    // The range was not confirmed: finalizing now is refused, and the same chunk sent again completes it.
    const early = (await client.finalizeWidgetUpload(uploadKey).catch((e: unknown) => e)) as QuatrixError;
    expect(early.code).to.equal(QuatrixCode.BadParameterValue);
    await client.uploadChunk(uploadKey, file, 0, file.size);
    const done = await client.finalizeWidgetUpload(uploadKey);
    expect(await emu().sha256(done.id)).to.equal(await sha256Hex(file));
  });
});
