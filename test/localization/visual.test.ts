import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { QuatrixWidget } from '../../src/index.js';
import { localeDirection, LOCALES } from '../../src/localization/configure.js';
import { IDS } from '../fixtures/seed.js';
import { makeFile } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { shown } from '../helpers/elements.js';

/**
 * The widget in every translation at a phone's width, with a file list: screenshots for people
 * (`.test-results/screenshots/widget-<locale>.png`), and the checks a person would make on them (the
 * longest words are German, Finnish, Greek and Russian ones).
 */
describe('the widget in every translation (visual)', () => {
  const emulator = emulatorPerTest();

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    const rtl = localeDirection(locale) === 'rtl';
    it(`should lay out ${locale} at 320 px with nothing cut off${rtl ? ', mirrored' : ''}`, async () => {
      const host = await fixture<HTMLDivElement>(
        html`<div style="width: 320px; background: #fff">
          <quatrix-widget
            site=${emulator().url}
            widget-id=${IDS.widgetOpen}
            locale=${locale}
            manual-start
            name-field="optional"
          ></quatrix-widget>
        </div>`,
      );
      const el = host.querySelector('quatrix-widget') as QuatrixWidget;
      const frame = (await shown(el, '[part=widget]')) as HTMLElement;
      await shown(el, '[part=remaining]');
      while (frame.getAttribute('lang') !== locale) await new Promise((r) => setTimeout(r, 20));
      el.addFiles([
        makeFile('Jahresbericht 2026 – endgültige Fassung.pdf', 120_000, 1),
        makeFile('تقرير.txt', 4_000, 2),
      ]);
      await shown(el, '[part~=file]');
      await el.updateComplete;
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));

      expect(getComputedStyle(frame).direction).to.equal(rtl ? 'rtl' : 'ltr');
      // Nothing wider than the widget: no horizontal scrolling, no clipped button text.
      expect(frame.scrollWidth, 'frame').to.be.at.most(frame.clientWidth + 1);
      const visible = [...el.shadowRoot!.querySelectorAll<HTMLElement>('button, [part~=hint], label')].filter(
        (e) => e.getClientRects().length > 0,
      );
      expect(visible.length).to.be.greaterThan(5);
      for (const button of visible) {
        expect(button.scrollWidth, button.textContent!).to.be.at.most(button.clientWidth + 1);
        const box = button.getBoundingClientRect();
        const outer = frame.getBoundingClientRect();
        expect(box.left, button.textContent!).to.be.at.least(outer.left - 1);
        expect(box.right, button.textContent!).to.be.at.most(outer.right + 1);
      }
      const [files, folder] = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=drop-zone] button')];
      const filesBox = files!.getBoundingClientRect();
      const folderBox = folder!.getBoundingClientRect();
      if (Math.abs(filesBox.top - folderBox.top) < 2) {
        // On one line, the first button starts the line: on the right in Arabic.
        if (rtl) expect(filesBox.left).to.be.greaterThan(folderBox.left);
        else expect(filesBox.left).to.be.lessThan(folderBox.left);
      }
      await expect(el).to.be.accessible();

      const box = host.getBoundingClientRect();
      const path = await executeServerCommand('screenshot', {
        name: `widget-${locale}`,
        clip: { x: box.left, y: box.top, width: box.width, height: box.height },
      });
      expect(String(path)).to.match(new RegExp(`widget-${locale}\\.png$`));
    });
  }
});
