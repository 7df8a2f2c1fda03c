import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { QuatrixUploader, Uploader } from '../../src/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile, sha256Hex } from '../helpers/emulator-browser.js';
import { shown } from '../helpers/elements.js';
import { listen, texts, type Heard } from '../helpers/announcements.js';
import { setOnline } from '../helpers/connectivity.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

const KiB = 1024;

async function settle(heard: Heard[], last: string, timeoutMs = 15_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!texts(heard).includes(last)) {
    if (performance.now() > until)
      throw new Error(`never heard "${last}"; heard: ${texts(heard).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('announcements: what screen readers hear', () => {
  const emu = emulatorPerTest();

  async function uploader(): Promise<QuatrixUploader> {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader site=${emu().url} folder-id=${IDS.inbox}></quatrix-uploader>`,
    );
    el.apiKey = ALICE.apiKey;
    await shown(el, '[part=quota]');
    return el;
  }

  afterEach(async () => {
    setOnline(true);
    await executeServerCommand('network', {});
  });

  it('should tell a whole upload in order, one message at a time, none merged', async () => {
    const el = await uploader();
    const heard = listen(el);
    // Chromium's own throttling: the bytes go over about four seconds, with progress all along.
    await executeServerCommand('network', { uploadBytesPerSecond: 160 * KiB });
    el.addFiles([makeFile('report.pdf', 640 * KiB, 1)]);
    await settle(heard, 'All uploads finished.');
    await new Promise((r) => setTimeout(r, 1200));
    const said = texts(heard);
    expect(said.slice(0, 2)).to.deep.equal(['1 file added.', 'Uploading 1 file.']);
    expect(said.slice(-2)).to.deep.equal(['report.pdf sent.', 'All uploads finished.']);
    // Between them, the milestones reached, rising, each said once.
    const progress = said.slice(2, -2);
    expect(progress.length, said.join(' | ')).to.be.greaterThan(0);
    expect(
      progress.every((t) => /^(25|50|75)\s?% uploaded\.$/.test(t)),
      said.join(' | '),
    ).to.equal(true);
    const percents = progress.map((t) => Number.parseInt(t, 10));
    expect(percents).to.deep.equal([...percents].sort((a, b) => a - b));
    expect(new Set(percents).size).to.equal(percents.length);
    // Each message had its own second: nothing cut off by the next.
    for (let i = 1; i < heard.length; i++)
      expect(heard[i]!.at - heard[i - 1]!.at, said.join(' | ')).to.be.at.least(900);
  });

  it('should say Pause all and Resume all once for every file, not once per file', async () => {
    const el = await uploader();
    await executeServerCommand('network', { uploadBytesPerSecond: 64 * KiB });
    const heard = listen(el);
    el.addFiles([makeFile('one.bin', 400 * KiB, 2), makeFile('two.bin', 400 * KiB, 3)]);
    await settle(heard, 'Uploading 2 files.');
    el.pause();
    await settle(heard, 'Uploads paused.');
    el.resume();
    await settle(heard, 'Uploads continue.');
    el.cancel();
    await settle(heard, 'Uploads cancelled.');
    const said = texts(heard);
    expect(
      said.filter((t) => /one\.bin|two\.bin/.test(t)),
      said.join(' | '),
    ).to.deep.equal([]);
  });

  it('should show and say offline, then continue by itself when the connection is back', async () => {
    const el = await uploader();
    const heard = listen(el);
    await executeServerCommand('network', { uploadBytesPerSecond: 128 * KiB });
    const file = makeFile('offline.bin', 512 * KiB, 4);
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles([file]);
    await shown(el, '[part~=file-uploading]');
    // The browser says it is offline (the test runner's own connection must stay up, so the network is
    // not cut: the engine stops its requests on the event itself).
    setOnline(false);
    const notice = await shown(el, '[part=notice]');
    expect(notice.textContent!.trim()).to.equal(
      'You are offline. Uploads continue when the connection is back.',
    );
    expect(el.shadowRoot!.querySelector('[part=file-status]')!.textContent).to.equal(
      'Waiting for the connection',
    );
    // It continues by itself: no Resume to press.
    const buttons = [...el.shadowRoot!.querySelectorAll('[part~=file] button')].map((b) =>
      b.textContent!.trim(),
    );
    expect(buttons).to.deep.equal(['Cancel']);
    await settle(heard, 'You are offline. Uploads continue when the connection is back.');
    await expect(el).to.be.accessible();
    setOnline(true);
    await settle(heard, 'Back online. Uploads continue.');
    const { detail } = await allDone;
    expect(await emu().sha256(detail.successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
    expect(el.shadowRoot!.querySelector('[part=notice]') === null).to.equal(true);
  });

  it('should show when a file is tried again, and say it', async () => {
    await emu().control('setFaults', [{ path: '/upload/chunked/', status: 503, retryAfter: 3, times: 1 }]);
    const el = await uploader();
    const heard = listen(el);
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('busy.bin', 64 * KiB, 5)]);
    const status = await shown(el, '[part~=file-retrying] [part=file-status]');
    expect(status.textContent).to.match(/^Not sent for now; next try at \d{1,2}:\d\d:\d\d/);
    await settle(heard, 'Sending failed for now. Trying again in 3 seconds.');
    await allDone;
  });

  it('should say a refusal of several files once, urgently, with its reason', async () => {
    const el = await uploader();
    const heard = listen(el);
    const big = new Uint8Array(60 * 1024 * KiB);
    el.addFiles(['a.iso', 'b.iso', 'c.iso'].map((n) => new File([big], n)));
    await settle(heard, '3 files added.');
    const alerts = (): string[] => texts(heard).filter((t) => t.startsWith('! '));
    const until = performance.now() + 10_000;
    while (alerts().length === 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(alerts()).to.have.length(1);
    expect(alerts()[0]).to.match(/^! 3 files failed\. .*not enough room/);
  });

  it('should say, urgently, that an empty folder of a drop could not be made, and tell the app', async () => {
    const el = await uploader();
    const heard = listen(el);
    await emu().control('setFaults', [{ method: 'POST', path: '/file/makedir', status: 400 }]);
    const told = oneEvent(el, 'quatrix-folder-failed');
    // What a drop of one empty folder does (a test cannot build a folder drop).
    (el as unknown as { uploader: Uploader }).uploader.addFolders(['Trip/Day 3']);
    const { detail } = await told;
    expect(detail.path).to.equal('Trip/Day 3');
    expect(detail.error.reason).to.be.a('string');
    const alerts = (): string[] => texts(heard).filter((t) => t.startsWith('! '));
    const until = performance.now() + 10_000;
    while (alerts().length === 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(alerts()).to.have.length(1);
    expect(alerts()[0]).to.match(/^! The folder Trip\/Day 3 could not be made: \S/);
  });
});
