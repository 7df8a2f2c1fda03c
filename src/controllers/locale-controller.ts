import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { QuatrixClient } from '../api/index.js';
import {
  currentLocale,
  firstMatch,
  LocaleSource,
  localeDirection,
  matchLocale,
  proposeLocale,
  withdrawLocale,
  type Locale,
} from '../localization/configure.js';

/** What an element knows that decides its language, strongest first. */
export interface LocaleInputs {
  /** The element's `locale` property, else its `lang` attribute. */
  explicit(): string | undefined;
  /** A file request's own `locale` (only `<quatrix-file-request>` has one). */
  request(): string | undefined;
  /** The Quatrix site, whose language (account, then default) comes next. */
  site(): string | undefined;
  /**
   * The element speaks to one reader (a file request's recipient, who may be anyone): without the
   * request's own locale, the reader's browser language comes before the site's.
   */
  readerFirst?(): boolean;
}

/** Language ids of a site, asked once per page and site: they do not change while a page is open. */
const siteLanguages = new Map<string, Promise<{ account?: string; fallback?: string }>>();

function languagesOf(site: string): Promise<{ account?: string; fallback?: string }> {
  let found = siteLanguages.get(site);
  if (!found) {
    found = (async () => {
      let client: QuatrixClient;
      try {
        client = new QuatrixClient({ site });
      } catch {
        return {};
      }
      const [account, fallback] = await Promise.all([
        client.getAccountMetadata({ timeout: 10_000 }).then(
          (m) => m.language,
          () => undefined,
        ),
        client.getDefaultLanguage({ timeout: 10_000 }).catch(() => undefined),
      ]);
      // A lookup that failed (offline, a timeout) is asked again by the next element, not remembered.
      if (account === undefined || fallback === undefined) siteLanguages.delete(site);
      return { account, fallback };
    })();
    siteLanguages.set(site, found);
  }
  return found;
}

/**
 * Finds the element's language along the chain (first match wins): its `lang` or `locale`; a file
 * request's locale; on a file request's page, the reader's browser language; the site's language (`account/metadata`, then `languages/default`); the browser's
 * `navigator.languages`; English. It proposes the result for the page (see `proposeLocale`) and gives
 * the host what to put on its frame: `lang` and `dir` of the locale actually shown.
 */
export class LocaleController implements ReactiveController {
  #key = '';
  #generation = 0;

  readonly #host: ReactiveControllerHost & object;
  readonly #inputs: LocaleInputs;

  constructor(host: ReactiveControllerHost & object, inputs: LocaleInputs) {
    this.#host = host;
    this.#inputs = inputs;
    host.addController(this);
  }

  /** The locale the page shows now (the strongest proposal of all its elements). */
  get locale(): Locale {
    return currentLocale();
  }

  /** The writing direction of the shown locale. */
  get dir(): 'ltr' | 'rtl' {
    return localeDirection(this.locale);
  }

  hostConnected(): void {
    this.#key = '';
    this.#resolve();
  }

  hostUpdate(): void {
    this.#resolve();
  }

  hostDisconnected(): void {
    this.#generation++;
    withdrawLocale(this.#host);
  }

  /** Runs the chain again when one of its inputs changed. */
  #resolve(): void {
    const explicit = this.#inputs.explicit()?.trim() || undefined;
    const request = this.#inputs.request()?.trim() || undefined;
    const site = this.#inputs.site() || undefined;
    const key = JSON.stringify([explicit, request, site]);
    if (key === this.#key) return;
    this.#key = key;
    const generation = ++this.#generation;

    const fromElement = matchLocale(explicit);
    if (fromElement) return proposeLocale(this.#host, fromElement, LocaleSource.element);
    const fromRequest = matchLocale(request);
    if (fromRequest) return proposeLocale(this.#host, fromRequest, LocaleSource.request);
    const reader = this.#inputs.readerFirst?.()
      ? firstMatch(globalThis.navigator?.languages ?? [])
      : undefined;
    if (reader) return proposeLocale(this.#host, reader, LocaleSource.reader);
    // The browser's language shows at once; the site's, when known, takes over (often it is the same
    // language, and nothing changes on screen).
    this.#fromBrowser();
    if (!site) return;
    void languagesOf(site).then(({ account, fallback }) => {
      if (generation !== this.#generation) return;
      const fromAccount = matchLocale(account);
      if (fromAccount) return proposeLocale(this.#host, fromAccount, LocaleSource.account);
      const fromDefault = matchLocale(fallback);
      if (fromDefault) proposeLocale(this.#host, fromDefault, LocaleSource.siteDefault);
    });
  }

  #fromBrowser(): void {
    const browser = firstMatch(globalThis.navigator?.languages ?? []);
    if (browser) proposeLocale(this.#host, browser, LocaleSource.browser);
    else proposeLocale(this.#host, 'en', LocaleSource.fallback);
  }
}
