import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { QuatrixClient } from '../../src/api/index.js';
import { FileRequestTarget, type QuatrixFileRequest } from '../../src/index.js';
import { IDS } from '../fixtures/seed.js';
import { makeFile, requestLog } from '../helpers/emulator-browser.js';
import { shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { allDone, uploadersPerTest } from '../helpers/uploader.js';

/** Requests that would carry a file's bytes, or reserve a place for them. */
async function sendingRequests(emu: ReturnType<ReturnType<typeof emulatorPerTest>>): Promise<string[]> {
  return (await requestLog(emu))
    .filter((r) => r.method !== 'OPTIONS')
    .map((r) => `${r.method} ${r.path}`)
    .filter((r) => /upload-link|\/upload\/chunked\/|finalize/.test(r));
}

/**
 * A file request that demands files encrypted in the browser (`return_pgp_encrypted`) gets no file
 * while no stage encrypts them: never the plaintext.
 */
describe('a request for encrypted returns', () => {
  const emu = emulatorPerTest();
  const make = uploadersPerTest();

  it('should fail every file of the engine with encryption, before anything is reserved or sent', async () => {
    const up = make(new FileRequestTarget(new QuatrixClient({ site: emu().url }), IDS.requestPgp));
    const done = allDone(up);
    up.addFiles([makeFile('secret-1.txt', 2000, 1), makeFile('secret-2.txt', 0, 2)]);
    const { failed, successful } = await done;
    expect(successful).to.deep.equal([]);
    expect(failed.map((f) => f.error?.reason)).to.deep.equal(['encryption', 'encryption']);
    expect(up.getState().fatalError?.reason).to.equal('encryption');
    expect(await sendingRequests(emu())).to.deep.equal([]);
  });

  it('should say so in the file request page, which sends nothing of a file added anyway', async () => {
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${IDS.requestPgp}></quatrix-file-request>`,
    );
    const error = (await oneEvent(el, 'quatrix-error')).detail.error;
    expect(error.reason).to.equal('encryption');
    expect((await shown(el, '[part=error]')).textContent).to.contain('only accepts encrypted files');
    expect(el.shadowRoot!.querySelector('[part=drop-zone]')).to.equal(null);
    el.addFiles([makeFile('secret-3.txt', 1000, 3)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await sendingRequests(emu())).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });
});
