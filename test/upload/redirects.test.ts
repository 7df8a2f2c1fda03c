import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { QuatrixClient, QuatrixRedirectError } from '../../src/api/index.js';
import { FolderTarget, WidgetTarget, type UploadTarget } from '../../src/upload/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import type { RecordedRequest } from '../plugins/recorder-plugin.js';
import { allDone, uploadersPerTest } from '../helpers/uploader.js';

const KiB = 1024;

/** Another origin that takes whatever comes, and tells what came. */
async function recorder(): Promise<{
  url: string;
  requests(): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
}> {
  const { id, url } = (await executeServerCommand('recorder-start')) as { id: string; url: string };
  return {
    url,
    requests: async () => (await executeServerCommand('recorder-requests', { id })) as RecordedRequest[],
    stop: async () => {
      await executeServerCommand('recorder-stop', { id });
    },
  };
}

const carriesCredential = (r: RecordedRequest): boolean =>
  r.headers['x-auth-token'] !== undefined ||
  r.headers.authorization !== undefined ||
  String(r.headers.cookie ?? '').includes('token=');

/**
 * A site that answers a redirect to another origin, at each stage of an upload: what the engine sends
 * must not carry the session or the API key there, and no file may count as sent.
 */
describe('redirects never carry credentials away', () => {
  const emu = emulatorPerTest({ lazy: true });
  let elsewhere: Awaited<ReturnType<typeof recorder>>;
  const make = uploadersPerTest();

  beforeEach(async () => {
    localStorage.clear();
    elsewhere = await recorder();
  });
  afterEach(async () => {
    await elsewhere.stop();
  });

  const stages = [
    ['the quota', '/profile/info'],
    ['the upload link', '/upload/link'],
    ['a chunk', '/upload/chunked/'],
    ['finalize', '/upload/finalize/'],
  ] as const;

  for (const chunkAuth of ['key', 'session'] as const) {
    for (const [stage, path] of stages) {
      it(`should refuse a redirect at ${stage}, with chunks authorised by ${chunkAuth === 'key' ? 'their key' : 'the session'}`, async () => {
        await emu.start({ chunkLimits: { chunkAuth } });
        const client = new QuatrixClient({ site: emu().url });
        await client.login(ALICE.email, ALICE.password);
        // The first chunk goes through (and, with chunkAuth session, teaches the engine to send them
        // with the session); the redirect comes at the second.
        const after = path === '/upload/chunked/' ? 1 : 0;
        await emu().control('setFaults', [{ path, after, redirectTo: elsewhere.url }]);
        const up = make(new FolderTarget(client, IDS.inbox), { maxRetries: 2 });
        const done = allDone(up);
        up.addFiles([makeFile('secret.bin', 200 * KiB, 5)]);
        const { successful, failed } = await done;
        expect(successful).to.have.length(0);
        expect(failed.map((f) => f.error?.reason)).to.deep.equal(['redirected']);
        expect(failed[0]!.error?.cause).to.be.instanceOf(QuatrixRedirectError);
        const reached = await elsewhere.requests();
        expect(reached.filter(carriesCredential), JSON.stringify(reached)).to.deep.equal([]);
        expect(await emu().files(IDS.inbox)).to.deep.equal([]);
      });
    }
  }

  it('should keep a widget visitor session and an API key from following a redirect', async () => {
    await emu.start();
    const targets: Array<[string, UploadTarget]> = [
      ['widget', new WidgetTarget(new QuatrixClient({ site: emu().url }), IDS.widgetOpen)],
      [
        'api key',
        new FolderTarget(
          new QuatrixClient({ site: emu().url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } }),
          IDS.inbox,
        ),
      ],
    ];
    for (const [name, target] of targets) {
      await emu().control('setFaults', [{ path: '/finalize', redirectTo: elsewhere.url }]);
      const up = make(target, { maxRetries: 1 });
      const done = allDone(up);
      up.addFiles([makeFile(`${name}.bin`, 100 * KiB, 6)]);
      const { failed } = await done;
      expect(
        failed.map((f) => f.error?.reason),
        name,
      ).to.deep.equal(['redirected']);
    }
    const reached = await elsewhere.requests();
    expect(reached.filter(carriesCredential)).to.deep.equal([]);
    expect(reached, 'fetch refuses redirects: nothing reaches the other origin at all').to.deep.equal([]);
  });
});
