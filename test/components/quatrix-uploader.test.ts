import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { QuatrixClient, type QuatrixUploader, type UploadFileState } from '../../src/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { chunkPosts, makeFile, requestLog, sha256Hex } from '../helpers/emulator-browser.js';
import { shown } from '../helpers/elements.js';
import { listen, texts } from '../helpers/announcements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

const KiB = 1024;

describe('<quatrix-uploader>', () => {
  const emu = emulatorPerTest();

  async function uploader(extra: Partial<QuatrixUploader> = {}): Promise<QuatrixUploader> {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader site=${emu().url} folder-id=${IDS.inbox}></quatrix-uploader>`,
    );
    Object.assign(el, { apiKey: ALICE.apiKey, ...extra });
    return el;
  }

  it('should upload into the folder with an API key kept out of attributes and URLs, showing the quota', async () => {
    const el = await uploader();
    expect((await shown(el, '[part=quota]')).textContent).to.match(/of 52(\.4)? MB used/);
    const allDone = oneEvent(el, 'quatrix-all-done');
    const file = makeFile('q.bin', 300 * KiB, 1);
    el.addFiles([file]);
    const { detail } = await allDone;
    expect(await emu().sha256(detail.successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
    expect(el.getAttributeNames().join(' ')).to.not.contain('key');
    expect((await requestLog(emu())).some((r) => r.path.includes(ALICE.apiKey))).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('should refuse files that cannot fit the quota before sending', async () => {
    const el = await uploader();
    await shown(el, '[part=quota]');
    const rejected = oneEvent(el, 'quatrix-file-rejected');
    el.addFiles([new File([new Uint8Array(60 * 1024 * KiB)], 'huge.iso')]);
    expect((await rejected).detail.error.reason).to.equal('restricted');
    expect((await shown(el, '[part~=file-error]')).textContent).to.contain('not enough room');
    // Trying again can only fail: no Retry is offered.
    const actions = [...el.shadowRoot!.querySelectorAll('[part~=file-failed] button')].map((b) =>
      b.textContent!.trim(),
    );
    expect(actions).to.not.include('Retry');
  });

  it('should keep the list when the session ends, say so once, and continue the files after signing in again', async () => {
    const client = new QuatrixClient({ site: emu().url });
    await client.login(ALICE.email, ALICE.password);
    const token = (c: QuatrixClient): string => (c.auth.type === 'session' ? c.auth.sessionToken : '');
    const el = await uploader({ apiKey: undefined, sessionToken: token(client) });
    await shown(el, '[part=quota]');
    const heard = listen(el);
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 400 }]);
    const files = [makeFile('one.bin', 300 * KiB, 21), makeFile('two.bin', 300 * KiB, 22)];
    el.addFiles(files);
    await shown(el, '[part~=file-uploading]');
    await emu().control('expireSessions');
    const notice = await shown(el, '[part=sign-in]');
    expect(notice.textContent).to.contain('Your session has ended');
    // The list is still there, each file saying why it stopped.
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~=file-failed]').length === 2, 'both failed');
    await expect(el).to.be.accessible();
    await new Promise((r) => setTimeout(r, 1500));
    const alerts = texts(heard).filter((t) => t.startsWith('! '));
    expect(alerts, texts(heard).join(' | ')).to.deep.equal(['! Your session has ended. Sign in again.']);

    // "Sign in again": the app signs in and gives the new session; the files go on by themselves.
    await emu().control('setFaults', []);
    el.addEventListener('quatrix-sign-in-needed', async () => {
      const again = new QuatrixClient({ site: emu().url });
      await again.login(ALICE.email, ALICE.password);
      el.sessionToken = token(again);
    });
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=sign-in] button')!.click();
    const { detail } = await allDone;
    expect(detail.successful.map((f: UploadFileState) => f.name).sort()).to.deep.equal([
      'one.bin',
      'two.bin',
    ]);
    const stored = await emu().files(IDS.inbox);
    expect(stored.map((f) => f.name).sort(), 'each once, under its own name').to.deep.equal([
      'one.bin',
      'two.bin',
    ]);
    for (const f of files) {
      const id = stored.find((s) => s.name === f.name)!.id;
      expect(await emu().sha256(id)).to.equal(await sha256Hex(f));
    }
  });

  it('should say when a file was stored under another name because its name was taken', async () => {
    const el = await uploader();
    await shown(el, '[part=quota]');
    // Two different files of the same name (a file added twice, same size and date, would be skipped).
    for (const [seed, size] of [
      [31, 2 * KiB],
      [32, 3 * KiB],
    ] as const) {
      const done = oneEvent(el, 'quatrix-all-done');
      el.addFiles([makeFile('report.pdf', size, seed)]);
      await done;
    }
    const note = await shown(el, '[part=file-stored-as]');
    expect(note.textContent!.trim()).to.equal(
      'Saved as report (1).pdf: a file with this name was already there.',
    );
    expect(el.shadowRoot!.querySelectorAll('[part=file-stored-as]').length, 'only the renamed one').to.equal(
      1,
    );
  });

  it('should not show a failed file as sent: no full bar, and the total counts only what arrived', async () => {
    const el = await uploader();
    await shown(el, '[part=quota]');
    const first = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('arrives.txt', 10 * KiB, 6)]);
    await first;
    // The next file's bytes all go, then the server refuses to finish it.
    await emu().control('setFaults', [{ path: '/upload/finalize/', status: 400 }]);
    const second = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('refused.txt', 20 * KiB, 7)]);
    await second;
    await el.updateComplete;
    const failed = await shown(el, '[part~=file-failed]');
    expect(failed.querySelector('progress') === null, 'no bar on a failed file').to.equal(true);
    expect(failed.textContent).to.contain('Failed');
    // Not by colour alone: a mark before each state, and each in its own colour.
    const mark = (part: Element): string => getComputedStyle(part, '::before').content;
    const failedStatus = failed.querySelector('[part=file-status]')!;
    const doneStatus = el.shadowRoot!.querySelector('[part~=file-done] [part=file-status]')!;
    expect(mark(failedStatus)).to.contain('✕');
    expect(mark(doneStatus)).to.contain('✓');
    expect(getComputedStyle(failedStatus).color).to.not.equal(getComputedStyle(doneStatus).color);
    const total = el.shadowRoot!.querySelector('[part=total-text]')!.textContent!;
    expect(total, 'only the file that arrived').to.equal('100% · 1 of 1 file · 10.2 kB of 10.2 kB');
    await expect(el).to.be.accessible();
  });

  it('should keep the keyboard in place when the focused control goes (Pause all, Cancel)', async () => {
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 300 }]);
    const el = await uploader();
    await shown(el, '[part=quota]');
    el.addFiles([makeFile('one.bin', 600 * KiB, 11), makeFile('two.bin', 600 * KiB, 12)]);
    const focused = (): string => el.shadowRoot!.activeElement?.textContent?.trim() ?? '(none)';
    const pauseAll = (await shown(el, '[part=total] button')) as HTMLButtonElement;
    expect(pauseAll.textContent!.trim()).to.equal('Pause all');
    pauseAll.focus();
    await sendKeys({ press: 'Enter' });
    await shown(el, '[part~=file-paused]');
    await el.updateComplete;
    expect(focused(), 'the control that took its place').to.equal('Resume all');
    await sendKeys({ press: 'Enter' });
    await shown(el, '[part~=file-uploading], [part~=file-queued], [part~=file-preparing]');
    await el.updateComplete;
    expect(focused()).to.equal('Pause all');
    // Cancel the first file from the keyboard: its row goes, the next row's first control takes it.
    const cancel = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~=file] button')].find(
      (b) => b.textContent!.trim() === 'Cancel',
    )!;
    cancel.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () =>
        ![...el.shadowRoot!.querySelectorAll('[part~=file]')].some((r) => r.textContent!.includes('one.bin')),
    );
    await el.updateComplete;
    const active = el.shadowRoot!.activeElement;
    expect(active, 'focus stays in the element').to.not.equal(null);
    expect(active!.closest('[part~=file]')!.textContent).to.contain('two.bin');
  });

  it('should replace an existing file when on-clash is replace', async () => {
    const first = await uploader();
    const firstDone = oneEvent(first, 'quatrix-all-done');
    first.addFiles([makeFile('same.txt', 100, 1)]);
    const [original] = (await firstDone).detail.successful as UploadFileState[];
    const second = await uploader({ onClash: 'replace' });
    const secondDone = oneEvent(second, 'quatrix-all-done');
    const newer = makeFile('same.txt', 200, 2);
    second.addFiles([newer]);
    const [replaced] = (await secondDone).detail.successful as UploadFileState[];
    expect(replaced!.result!.fileId).to.equal(original!.result!.fileId);
    expect(await emu().sha256(original!.result!.fileId)).to.equal(await sha256Hex(newer));
  });

  it('should fire quatrix-error when it cannot be set up, as for any fatal error', async () => {
    const el = document.createElement('quatrix-uploader');
    const failed = oneEvent(el, 'quatrix-error');
    Object.assign(el, { site: emu().url, folderId: IDS.inbox });
    document.body.append(el);
    try {
      expect((await failed).detail.error.reason).to.equal('unauthorized');
      const invalid = oneEvent(el, 'quatrix-error');
      Object.assign(el, { site: 'not a site', apiKey: ALICE.apiKey });
      expect((await invalid).detail.error.reason).to.equal('setup');
    } finally {
      el.remove();
    }
  });

  it('should stop sending with a session token that was taken away', async () => {
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 150 }]);
    const el = await uploader({ apiKey: undefined, sessionToken: undefined });
    const client = new QuatrixClient({ site: emu().url });
    el.sessionToken = (await client.login(ALICE.email, ALICE.password)).sessionId;
    await el.updateComplete;
    el.addFiles([makeFile('signed-out.bin', 2048 * KiB, 5)]);
    await shown(el, '[part~=file-progress]');
    await new Promise((r) => setTimeout(r, 300));
    const signedOut = oneEvent(el, 'quatrix-error');
    el.sessionToken = undefined; // the app signed out
    expect((await signedOut).detail.error.reason).to.equal('unauthorized');
    const chunks = async (): Promise<number> =>
      (await requestLog(emu())).filter((r) => r.path.startsWith('/upload/chunked/')).length;
    const after = await chunks();
    await new Promise((r) => setTimeout(r, 600));
    expect(await chunks(), 'no chunk goes after signing out').to.be.lessThanOrEqual(after + 1);
    expect((await shown(el, '[part=error]')).textContent).to.contain('Sign in to continue.');
  });

  it('should say that credentials are missing instead of showing dead controls', async () => {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader site=${emu().url} folder-id=${IDS.inbox}></quatrix-uploader>`,
    );
    expect((await shown(el, '[part=error]')).textContent).to.contain('Sign in to continue.');
    expect(el.shadowRoot!.querySelector('[part=drop-zone]')).to.equal(null);
    // Not an alarm: an app gives the credentials a moment later, and nothing interrupts anyone meanwhile.
    expect(el.shadowRoot!.querySelector('[role=alert]')?.textContent ?? '').to.equal('');
    await expect(el).to.be.accessible();
  });

  describe('leaving the page', () => {
    const chunksSent = async (): Promise<number> => chunkPosts(await requestLog(emu())).length;
    const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

    it('should keep sending when it is only moved within the page', async () => {
      await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 200 }]);
      const el = await uploader();
      const done = oneEvent(el, 'quatrix-all-done');
      el.addFiles([makeFile('moved.bin', 12 * 1024 * KiB, 8)]);
      await waitUntil(async () => (await chunksSent()) >= 1, 'a chunk went', { timeout: 10_000 });
      document.body.prepend(el); // a move: out and back in within one task
      const { detail } = await done;
      expect((detail.successful as UploadFileState[]).map((f) => [f.name, f.resumed])).to.deep.equal([
        ['moved.bin', false],
      ]);
    });

    it('should let go of its engine when it leaves for good, and continue the upload when it comes back', async () => {
      await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 300 }]);
      const el = await uploader();
      await shown(el, '[part=quota]');
      const file = makeFile('away.bin', 24 * 1024 * KiB, 7);
      el.addFiles([file]);
      await waitUntil(async () => (await chunksSent()) >= 1, 'a chunk went', { timeout: 10_000 });
      el.remove();
      await pause(800); // the chunk under way is cut or answered
      const whileAway = await chunksSent();
      await pause(1500);
      expect(await chunksSent(), 'nothing goes while the element is away').to.equal(whileAway);

      document.body.append(el);
      expect((await shown(el, '[part=unfinished]')).textContent).to.contain('away.bin');
      const done = oneEvent(el, 'quatrix-all-done');
      el.addFiles([file]);
      const { detail } = await done;
      const [sent] = detail.successful as UploadFileState[];
      expect(sent!.resumed, 'it continues the upload of before').to.equal(true);
      expect(await emu().sha256(sent!.result!.fileId)).to.equal(await sha256Hex(file));
      const names = ((await emu().control('files', IDS.inbox)) as Array<{ name: string }>).map((f) => f.name);
      expect(names.filter((n) => n.startsWith('away'))).to.deep.equal(['away.bin']);
      el.remove();
    });
  });
});
