import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../../src/define.js';
import type { QuatrixFileRequest, QuatrixUploader, QuatrixWidget } from '../../src/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile } from '../helpers/emulator-browser.js';
import { shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

type Emu = ReturnType<ReturnType<typeof emulatorPerTest>>;

/** One state of one element: how to draw it, and what shows once it is reached. */
interface State {
  name: string;
  /** Each combination on an emulator of its own (a widget's allowance is the page's visitor's). */
  fresh?: boolean;
  render(emu: Emu, locale: string): TemplateResult;
  reach(host: HTMLElement, emu: Emu): Promise<void>;
}

const element = <T extends HTMLElement>(host: HTMLElement, tag: string): T => host.querySelector(tag) as T;

const uploaderFor = (emu: Emu, locale: string): TemplateResult =>
  html`<quatrix-uploader site=${emu.url} folder-id=${IDS.inbox} locale=${locale}></quatrix-uploader>`;

const requestFor =
  (id: string) =>
  (emu: Emu, locale: string): TemplateResult =>
    html`<quatrix-file-request site=${emu.url} request-id=${id} locale=${locale}></quatrix-file-request>`;

/** The uploader of the picture, signed in, once it shows the quota. */
async function signedIn(host: HTMLElement): Promise<QuatrixUploader> {
  const el = element<QuatrixUploader>(host, 'quatrix-uploader');
  el.apiKey = ALICE.apiKey;
  await shown(el, '[part=quota]');
  return el;
}

const STATES: State[] = [
  {
    name: 'widget-ready',
    render: (emu, locale) =>
      html`<quatrix-widget site=${emu.url} widget-id=${IDS.widgetOpen} locale=${locale}></quatrix-widget>`,
    reach: async (host) => void (await shown(element(host, 'quatrix-widget'), '[part=remaining]')),
  },
  {
    name: 'widget-files',
    render: (emu, locale) =>
      html`<quatrix-widget
        site=${emu.url}
        widget-id=${IDS.widgetOpen}
        locale=${locale}
        manual-start
        name-field="required"
      ></quatrix-widget>`,
    reach: async (host) => {
      const el = element<QuatrixWidget>(host, 'quatrix-widget');
      await shown(el, '[part=remaining]');
      el.addFiles([makeFile('Annual report 2026 – final.pdf', 120_000, 1), makeFile('تقرير.txt', 4_000, 2)]);
      await shown(el, '[part~=file]');
    },
  },
  {
    name: 'widget-sent',
    fresh: true,
    render: (emu, locale) =>
      html`<quatrix-widget site=${emu.url} widget-id=${IDS.widgetOpen} locale=${locale}></quatrix-widget>`,
    reach: async (host) => {
      const el = element<QuatrixWidget>(host, 'quatrix-widget');
      await shown(el, '[part=remaining]');
      const done = oneEvent(el, 'quatrix-all-done');
      el.addFiles([makeFile('invoice.pdf', 20_000, 3)]);
      await done;
      await shown(el, '[part=success]');
    },
  },
  {
    name: 'uploader-ready',
    render: uploaderFor,
    reach: async (host) => void (await signedIn(host)),
  },
  {
    name: 'request-open',
    render: requestFor(IDS.request),
    reach: async (host) => void (await shown(element(host, 'quatrix-file-request'), '[part=drop-zone]')),
  },
  {
    name: 'request-review',
    render: requestFor(IDS.request),
    reach: async (host) => {
      const el = element<QuatrixFileRequest>(host, 'quatrix-file-request');
      await shown(el, '[part=drop-zone]');
      el.addFiles([makeFile('Scan – page 1.pdf', 240_000, 4), makeFile('عقد الإيجار.pdf', 90_000, 5)]);
      await shown(el, '[part~=start]');
    },
  },
  {
    name: 'uploader-sending',
    fresh: true,
    render: uploaderFor,
    reach: async (host, emu) => {
      const el = await signedIn(host);
      // One file arrives, one is held up by a slow server, one is refused (over the quota).
      await emu.control('setFaults', [{ path: '/upload/chunked/', after: 1, latencyMs: 60_000 }]);
      el.addFiles([
        makeFile('done.txt', 2_000, 6),
        makeFile('holiday video.mp4', 900_000, 7),
        new File([new Uint8Array(60 * 1024 * 1024)], 'disk image.iso'),
      ]);
      await shown(el, '[part~=file-done]');
      await shown(el, '[part~=file-failed]');
    },
  },
  {
    name: 'uploader-offline',
    fresh: true,
    render: uploaderFor,
    reach: async (host, emu) => {
      const el = await signedIn(host);
      await emu.control('setFaults', [{ path: '/upload/chunked/', latencyMs: 60_000 }]);
      el.addFiles([makeFile('notes.txt', 300_000, 8)]);
      await shown(el, '[part~=file-uploading]');
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      window.dispatchEvent(new Event('offline'));
      await shown(el, '[part=notice]');
      // Online again for the next picture (its element is a new one).
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
    },
  },
  {
    name: 'uploader-continue',
    fresh: true,
    render: uploaderFor,
    reach: async (host, emu) => {
      // A first visit sends a part of a dropped file (a real handle, of the origin's private file
      // system) and closes; the next one offers to continue it without choosing it again.
      localStorage.clear();
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('state-continue', { create: true });
      const writable = await (await dir.getFileHandle('Site survey.pdf', { create: true })).createWritable();
      await writable.write(new Uint8Array(400_000).fill(7));
      await writable.close();
      const file = await (await dir.getFileHandle('Site survey.pdf')).getFile();
      const first = element<QuatrixUploader>(host, 'quatrix-uploader');
      first.chunkSize = 100_000;
      await emu.control('setFaults', [{ path: '/upload/chunked/', after: 1, latencyMs: 60_000 }]);
      await signedIn(host);
      first.addFiles([
        { file, relativePath: 'Survey/Site survey.pdf', source: { handle: dir, path: ['Site survey.pdf'] } },
      ]);
      await shown(first, '[part=file-percent]');
      const next = first.cloneNode() as QuatrixUploader;
      first.remove();
      await emu.control('setFaults', []);
      host.append(next);
      await signedIn(host);
      await shown(next, '[part~=continue]');
    },
  },
  {
    name: 'request-pin',
    render: requestFor(IDS.requestPin),
    reach: async (host) => void (await shown(element(host, 'quatrix-file-request'), '[part=pin-form]')),
  },
  {
    name: 'request-expired',
    render: requestFor(IDS.requestExpired),
    reach: async (host) => void (await shown(element(host, 'quatrix-file-request'), '[part=error]')),
  },
  {
    name: 'request-files',
    render: (emu, locale) =>
      html`<quatrix-request-files
        site=${emu.url}
        folder-id=${IDS.aliceHome}
        locale=${locale}
      ></quatrix-request-files>`,
    reach: async (host) => {
      const el = element<HTMLElementTagNameMap['quatrix-request-files']>(host, 'quatrix-request-files');
      el.apiKey = ALICE.apiKey;
      await shown(el, '[part=contacts]');
    },
  },
];

const WIDTHS = { desktop: 1280, phone: 360 } as const;

/**
 * Every element's main states on a desktop (1280 px) and a phone (360 px), light and dark, in English
 * and Arabic: each is axe-clean, and its picture is kept for people to look at, as
 * `.test-results/screenshots/state-<state>-<device>-<scheme>-<locale>.png`.
 */
describe('every main state, on desktop and phone, light and dark, English and Arabic (visual)', () => {
  const emu = emulatorPerTest();

  afterEach(async () => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
    window.dispatchEvent(new Event('online'));
    await emulateMedia({ colorScheme: 'light' });
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of STATES) {
    it(`should draw ${state.name} cleanly in every combination`, async () => {
      for (const [device, width] of Object.entries(WIDTHS)) {
        await setViewport({ width, height: 900 });
        for (const scheme of ['light', 'dark'] as const) {
          await emulateMedia({ colorScheme: scheme });
          for (const locale of ['en', 'ar']) {
            if (state.fresh) await emu.start();
            const host = await fixture<HTMLDivElement>(
              html`<div
                style="width: ${width}px; padding: 8px; box-sizing: border-box; background: ${scheme === 'dark' ? '#101216' : '#ffffff'}"
              >
                ${state.render(emu(), locale)}
              </div>`,
            );
            await state.reach(host, emu());
            const el = host.firstElementChild as HTMLElement;
            const frame = el.shadowRoot!.querySelector('[part=widget]')!;
            for (let i = 0; i < 100 && frame.getAttribute('lang') !== locale; i++)
              await new Promise((r) => setTimeout(r, 20));
            expect(frame.getAttribute('lang')).to.equal(locale);
            await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
            const box = host.getBoundingClientRect();
            await executeServerCommand('screenshot', {
              name: `state-${state.name}-${device}-${scheme}-${locale}`,
              clip: { x: box.left, y: box.top, width: box.width, height: box.height },
            });
            const where = `${state.name} ${device} ${scheme} ${locale}`;
            // Nothing wider than the element: no sideways scrolling on a phone.
            const wide = [...el.shadowRoot!.querySelectorAll('*')]
              .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
              .map((e) => `${e.tagName.toLowerCase()}[part=${e.getAttribute('part')}]`);
            expect(frame.scrollWidth, `${where}: ${wide.join(' ')}`).to.be.at.most(frame.clientWidth + 1);
            await expect(host).to.be.accessible();
            host.remove();
          }
        }
      }
    });
  }
});
