import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { QuatrixFileRequest, QuatrixWidget } from '../../src/index.js';
import { templates as ar } from '../../src/generated/locales/ar.js';
import { templates as de } from '../../src/generated/locales/de.js';
import { templates as fr } from '../../src/generated/locales/fr.js';
import { templates as it_ } from '../../src/generated/locales/it.js';
import { templates as ja } from '../../src/generated/locales/ja.js';
import { templates as pl } from '../../src/generated/locales/pl.js';
import { templates as ptBR } from '../../src/generated/locales/pt-BR.js';
import { templates as sv } from '../../src/generated/locales/sv.js';
import { templates as zhHans } from '../../src/generated/locales/zh-Hans.js';
import { templates as zhHant } from '../../src/generated/locales/zh-Hant.js';
import { templates as nb } from '../../src/generated/locales/nb.js';
import { templates as he } from '../../src/generated/locales/he.js';
import { templates as fa } from '../../src/generated/locales/fa.js';
import { templates as ur } from '../../src/generated/locales/ur.js';
import { IDS, testSeed } from '../fixtures/seed.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { shown } from '../helpers/elements.js';
import type { Seed } from '../../demo/emulator/seed.js';

const HEADLINE: Record<string, string> = {
  en: 'Send us your files',
  ar: ar['widget.headline'],
  de: de['widget.headline'],
  fr: fr['widget.headline'],
  it: it_['widget.headline'],
  ja: ja['widget.headline'],
  'pt-BR': ptBR['widget.headline'],
  sv: sv['widget.headline'],
  'zh-Hans': zhHans['widget.headline'],
  'zh-Hant': zhHant['widget.headline'],
  nb: nb['widget.headline'],
  he: he['widget.headline'],
  fa: fa['widget.headline'],
  ur: ur['widget.headline'],
};

/** Waits until the element's frame speaks `locale` and its heading reads as that locale's. */
async function speaks(el: HTMLElement, locale: string, headline = HEADLINE[locale]): Promise<void> {
  const frame = await shown(el, '[part=widget]');
  const until = Date.now() + 5000;
  const heading = (): string => el.shadowRoot!.querySelector('[part=headline]')?.textContent?.trim() ?? '';
  while (
    (frame.getAttribute('lang') !== locale || (headline && heading() !== headline)) &&
    Date.now() < until
  )
    await new Promise((r) => setTimeout(r, 20));
  expect(frame.getAttribute('lang')).to.equal(locale);
  if (headline) expect(heading()).to.equal(headline);
}

describe('locale resolution (first match wins)', () => {
  const emu = emulatorPerTest({ lazy: true });
  const languages = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')!;
  const browserSpeaks = (ids: string[]): void => {
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ids });
  };

  const start = async (change: (seed: Seed) => void = () => {}): Promise<void> => {
    const seed = testSeed();
    change(seed);
    await emu.start({ seed });
  };
  const widget = (attrs: { lang?: string; locale?: string } = {}): Promise<QuatrixWidget> =>
    fixture<QuatrixWidget>(
      html`<quatrix-widget
        site=${emu().url}
        widget-id=${IDS.widgetOpen}
        lang=${attrs.lang ?? ''}
        locale=${attrs.locale ?? ''}
      ></quatrix-widget>`,
    );

  beforeEach(() => browserSpeaks(['en-US']));
  afterEach(async () => {
    fixtureCleanup();
    Object.defineProperty(Navigator.prototype, 'languages', languages);
    delete (navigator as unknown as Record<string, unknown>).languages;
  });

  it('1. the locale property, then the lang attribute, over everything else', async () => {
    await start((s) => (s.account.language = 'it'));
    const cases: Array<[{ lang?: string; locale?: string }, string]> = [
      [{ locale: 'de' }, 'de'],
      [{ lang: 'fr' }, 'fr'],
      // Quatrix and browser spellings map to the bundled locale.
      [{ lang: 'de_DE' }, 'de'],
      [{ lang: 'pt' }, 'pt-BR'],
      [{ lang: 'zh-CN' }, 'zh-Hans'],
      // Chinese by script: Taiwan and Hong Kong read traditional characters.
      [{ lang: 'zh-TW' }, 'zh-Hant'],
      [{ lang: 'zh-HK' }, 'zh-Hant'],
      // Norwegian (the macrolanguage, and Nynorsk) reads Bokmål.
      [{ lang: 'no' }, 'nb'],
      // A language that is not bundled: the chain goes on to the site's language.
      [{ lang: 'sw' }, 'it'],
    ];
    for (const [attrs, locale] of cases) {
      await speaks(await widget(attrs), locale);
      fixtureCleanup();
    }
  });

  it("2. a file request's own locale", async () => {
    await start((s) => {
      s.account.language = 'it';
      s.fileRequests!.find((r) => r.id === IDS.request)!.locale = 'pl_PL';
    });
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${IDS.request}></quatrix-file-request>`,
    );
    await speaks(el, 'pl', '');
    await shown(el, '[part=drop-zone]');
    const hint = el.shadowRoot!.querySelector('[part=drop-zone] [part=hint]')!.textContent!.trim();
    expect(hint).to.equal(pl['widget.drop.hint']);
  });

  it("2. on a request page without the request's own locale, the reader's language before the site's", async () => {
    await start((s) => {
      s.account.language = 'it';
    });
    browserSpeaks(['ar-EG', 'en']);
    // Expired: the request cannot be read, and still the recipient reads why in their own language.
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${IDS.requestExpired}></quatrix-file-request>`,
    );
    await speaks(el, 'ar', '');
    const error = await shown(el, '[part=error]');
    expect(error.textContent!.trim()).to.match(/^[\u0600-\u06FF]/);
    // A widget beside it on a page of its own still follows the site.
    fixtureCleanup();
    await speaks(await widget(), 'it');
  });

  it("3. the site's language from account/metadata", async () => {
    await start((s) => {
      s.account.language = 'it_IT';
      s.defaultLanguage = 'ja';
    });
    await speaks(await widget(), 'it');
  });

  it('4. the site default (languages/default) when the account language is not bundled', async () => {
    await start((s) => {
      s.account.language = 'tlh';
      s.defaultLanguage = 'ja-JP';
    });
    await speaks(await widget(), 'ja');
  });

  it("5. the browser's navigator.languages, in order", async () => {
    await start((s) => {
      s.account.language = 'tlh';
      s.defaultLanguage = 'xx';
    });
    browserSpeaks(['tlh', 'sv-SE', 'de']);
    await speaks(await widget(), 'sv');
  });

  it('6. English when nothing matches', async () => {
    await start((s) => {
      s.account.language = '';
      s.defaultLanguage = 'tlh';
    });
    browserSpeaks(['tlh', 'xx-YY']);
    await speaks(await widget({ lang: 'qq' }), 'en');
  });

  it('should re-render every element when the locale changes, mirroring for Arabic', async () => {
    await start();
    const container = await fixture<HTMLDivElement>(
      html`<div>
        <quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen}></quatrix-widget>
        <quatrix-widget site=${emu().url} widget-id=${IDS.widgetCaptcha}></quatrix-widget>
      </div>`,
    );
    const [first, second] = [...container.querySelectorAll('quatrix-widget')] as QuatrixWidget[];
    await speaks(first!, 'en');
    first!.locale = 'de';
    await speaks(first!, 'de');
    await speaks(second!, 'de');
    first!.locale = 'ar';
    await speaks(first!, 'ar');
    await speaks(second!, 'ar');
    const frame = second!.shadowRoot!.querySelector<HTMLElement>('[part=widget]')!;
    expect(frame.dir).to.equal('rtl');
    expect(getComputedStyle(frame).direction).to.equal('rtl');
    // Numbers and sizes follow too: the allowance uses Arabic plural rules and digits.
    const remaining = (await shown(first!, '[part=remaining]')).textContent!;
    expect(remaining).to.contain(new Intl.NumberFormat('ar').format(3));
    first!.locale = '';
    await speaks(first!, 'en');
    await speaks(second!, 'en');
    expect(frame.dir).to.equal('ltr');
  });

  it('should lay out Hebrew, Persian and Urdu right to left, in their own words', async () => {
    await start();
    for (const locale of ['he', 'fa', 'ur']) {
      const el = await widget({ lang: locale });
      await speaks(el, locale);
      const frame = el.shadowRoot!.querySelector<HTMLElement>('[part=widget]')!;
      expect(getComputedStyle(frame).direction, locale).to.equal('rtl');
      fixtureCleanup();
    }
  });

  it("should let an element's own language win over another element's site language", async () => {
    await start((s) => (s.account.language = 'it'));
    const container = await fixture<HTMLDivElement>(
      html`<div>
        <quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen}></quatrix-widget>
        <quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen} lang="fr"></quatrix-widget>
      </div>`,
    );
    const [plain, french] = [...container.querySelectorAll('quatrix-widget')] as QuatrixWidget[];
    await speaks(french!, 'fr');
    await speaks(plain!, 'fr');
    french!.remove();
    await speaks(plain!, 'it');
  });
});
