import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LOCALE_STATUS_EVENT } from '@lit/localize';
import '../../src/define.js';
import { QuatrixCode, QuatrixError } from '../../src/api/index.js';
import { toUploadError } from '../../src/upload/index.js';
import {
  describeCode,
  describeError,
  filesRemainingText,
  moreFilesText,
  sendFilesText,
} from '../../src/localization/messages.js';
import {
  currentLocale,
  LocaleSource,
  proposeLocale,
  withdrawLocale,
} from '../../src/localization/configure.js';
import type { QuatrixWidget } from '../../src/index.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { shown } from '../helpers/elements.js';

/** Switches the page to `locale` as an element would, and waits until its strings are loaded. */
async function useLocale(owner: object, locale: Parameters<typeof proposeLocale>[1]): Promise<void> {
  if (currentLocale() === locale) return;
  const ready = new Promise<void>((resolve) => {
    const listener = (e: Event): void => {
      const detail = (e as CustomEvent<{ status: string; readyLocale?: string }>).detail;
      if (detail.status === 'ready' && detail.readyLocale === locale) {
        window.removeEventListener(LOCALE_STATUS_EVENT, listener);
        resolve();
      }
    };
    window.addEventListener(LOCALE_STATUS_EVENT, listener);
  });
  proposeLocale(owner, locale, LocaleSource.element);
  await ready;
}

const serverError = (code: number, msg = '<b>RAW SERVER TEXT</b>'): QuatrixError =>
  new QuatrixError({ method: 'POST', url: 'https://x.test/api/3.0/y', status: 400, code, msg });

describe('messages', () => {
  const owner = {};
  afterEach(() => withdrawLocale(owner));

  it('should say every Quatrix error code as a sentence of its own, and never the server text', async () => {
    await useLocale(owner, 'en');
    const sentences = new Map<number, string>();
    for (const code of Object.values(QuatrixCode)) {
      const sentence = describeCode(code);
      expect(sentence, `code ${code}`).to.be.a('string').and.match(/\.$/);
      sentences.set(code, sentence!);
      const shown = describeError(toUploadError(serverError(code)));
      expect(shown, `code ${code}`).not.to.contain('RAW');
      expect(shown, `code ${code}`).not.to.contain('<');
    }
    // An unknown code: a generic sentence, the raw text only in the error.
    expect(describeCode(4242)).to.equal(undefined);
    const unknown = toUploadError(serverError(4242));
    expect(describeError(unknown)).to.equal('The file could not be sent.');
    expect((unknown.cause as QuatrixError).msg).to.equal('<b>RAW SERVER TEXT</b>');
  });

  it('should translate the error sentences (German, Japanese)', async () => {
    await useLocale(owner, 'de');
    const german = describeCode(QuatrixCode.WidgetFileLimit)!;
    await useLocale(owner, 'ja');
    const japanese = describeCode(QuatrixCode.WidgetFileLimit)!;
    await useLocale(owner, 'en');
    const english = describeCode(QuatrixCode.WidgetFileLimit)!;
    expect(new Set([german, japanese, english]).size).to.equal(3);
    expect(japanese).to.match(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  describe('with a site', () => {
    const emu = emulatorPerTest();

    it('should show a localized sentence, not the server text, when a widget is unknown', async () => {
      const el = await fixture<QuatrixWidget>(
        html`<quatrix-widget site=${emu().url} widget-id="no-such-widget"></quatrix-widget>`,
      );
      const { detail } = await oneEvent(el, 'quatrix-error');
      const raw = (detail.error.cause as QuatrixError).msg;
      expect(raw).to.be.a('string').and.not.equal('');
      const error = await shown(el, '[part=error]');
      expect(error.textContent).to.contain('This upload form does not exist');
      expect(el.shadowRoot!.textContent).not.to.contain(raw);
    });
  });

  describe('plurals, by each locale’s CLDR rules', () => {
    it('English: one, other', async () => {
      await useLocale(owner, 'en');
      expect(filesRemainingText(1)).to.equal('You can send 1 more file.');
      expect(filesRemainingText(0)).to.equal('No more files can be sent here.');
      expect(filesRemainingText(5)).to.equal('You can send 5 more files.');
      expect(filesRemainingText(1234)).to.equal('You can send 1,234 more files.');
      expect(sendFilesText(1)).to.equal('Send 1 file');
      expect(moreFilesText(2)).to.equal('and 2 more files');
    });

    it('Polish: one, few, many (and other for fractions)', async () => {
      await useLocale(owner, 'pl');
      expect(sendFilesText(1)).to.equal('Wyślij 1 plik');
      expect(sendFilesText(2)).to.equal('Wyślij 2 pliki');
      expect(sendFilesText(5)).to.equal('Wyślij 5 plików');
      expect(sendFilesText(12)).to.equal('Wyślij 12 plików');
      expect(sendFilesText(22)).to.equal('Wyślij 22 pliki');
      expect(sendFilesText(0)).to.equal('Wyślij 0 plików');
      expect(filesRemainingText(3)).to.equal('Możesz wysłać jeszcze 3 pliki.');
    });

    it('Russian: 1 and 21 one, 2–4 few, 0 and 5–20 many', async () => {
      await useLocale(owner, 'ru');
      expect([1, 21, 3, 22, 0, 5, 11].map(sendFilesText)).to.deep.equal([
        'Отправить 1 файл',
        'Отправить 21 файл',
        'Отправить 3 файла',
        'Отправить 22 файла',
        'Отправить 0 файлов',
        'Отправить 5 файлов',
        'Отправить 11 файлов',
      ]);
    });

    it('Czech: one, few (2–4), other; Romanian: one, few (0, 2–19), other with "de"', async () => {
      await useLocale(owner, 'cs');
      expect([1, 3, 5].map(sendFilesText)).to.deep.equal([
        'Odeslat 1 soubor',
        'Odeslat 3 soubory',
        'Odeslat 5 souborů',
      ]);
      await useLocale(owner, 'ro');
      expect([1, 2, 19, 20].map(sendFilesText)).to.deep.equal([
        'Trimiteți 1 fișier',
        'Trimiteți 2 fișiere',
        'Trimiteți 19 fișiere',
        'Trimiteți 20 de fișiere',
      ]);
    });

    it('Ukrainian: 21 is one, 22 few, 25 many', async () => {
      await useLocale(owner, 'uk');
      expect(sendFilesText(21)).to.equal('Надіслати 21 файл');
      expect(sendFilesText(22)).to.equal('Надіслати 22 файли');
      expect(sendFilesText(25)).to.equal('Надіслати 25 файлів');
    });

    it('Arabic: zero, one, two, few, many, other, in Arabic digits', async () => {
      await useLocale(owner, 'ar');
      const d = (n: number): string => new Intl.NumberFormat('ar').format(n);
      expect(sendFilesText(0)).to.equal(`إرسال ${d(0)} ملف`);
      expect(sendFilesText(1)).to.equal(`إرسال ملف واحد (${d(1)})`);
      expect(sendFilesText(2)).to.equal(`إرسال ملفين (${d(2)})`);
      expect(sendFilesText(3)).to.equal(`إرسال ${d(3)} ملفات`);
      expect(sendFilesText(11)).to.equal(`إرسال ${d(11)} ملفًا`);
      expect(sendFilesText(100)).to.equal(`إرسال ${d(100)} ملف`);
    });

    it('Japanese: one form for every count', async () => {
      await useLocale(owner, 'ja');
      expect(sendFilesText(1)).to.equal('1件のファイルを送信');
      expect(sendFilesText(5)).to.equal('5件のファイルを送信');
      expect(filesRemainingText(2)).to.equal('あと2件のファイルを送信できます。');
    });

    it('French: 0 and 1 are one; round millions take "de"', async () => {
      await useLocale(owner, 'fr');
      expect(sendFilesText(0)).to.equal('Envoyer 0 fichier');
      expect(sendFilesText(2)).to.equal('Envoyer 2 fichiers');
      expect(sendFilesText(1_000_000)).to.equal(
        `Envoyer ${new Intl.NumberFormat('fr').format(1_000_000)} de fichiers`,
      );
    });
  });
});

describe('sizes', () => {
  it('should spell bytes with their plural and keep a decimal below 100 of a unit', async () => {
    const { formatBytes } = await import('../../src/localization/format.js');
    expect([0, 1, 512].map((b) => formatBytes(b, 'en'))).to.deep.equal(['0 bytes', '1 byte', '512 bytes']);
    expect(formatBytes(10 * 1024 ** 3, 'en'), 'a 10 GiB quota').to.equal('10.7 GB');
    expect(formatBytes(67_108_864, 'en')).to.equal('67.1 MB');
    expect(formatBytes(338_000_000, 'en')).to.equal('338 MB');
    expect(formatBytes(0, 'pl')).to.equal('0 bajtów');
  });
});
