/**
 * The one place that configures @lit/localize (runtime mode: one build, each locale's strings loaded on
 * demand), and the page-wide choice of the locale.
 *
 * @lit/localize has one locale per page, so the elements of a page speak one language. Each element
 * proposes a locale with a rank (see `LocaleSource`); the highest rank wins, and among equal ranks the
 * latest proposal. An element's own `lang` or `locale` therefore beats the site's language, which beats
 * the browser's.
 */
import { configureLocalization } from '@lit/localize';
import { allLocales, sourceLocale, targetLocales } from '../generated/locale-codes.js';

/** A bundled locale. */
export type Locale = (typeof allLocales)[number];

/** Where a proposed locale comes from, weakest first: the order of the resolution chain, reversed. */
export const LocaleSource = {
  /** Nothing matched: English. */
  fallback: 0,
  /** The browser's `navigator.languages`. */
  browser: 1,
  /** The site's `languages/default`. */
  siteDefault: 2,
  /** The site's language in `account/metadata`. */
  account: 3,
  /**
   * The browser's `navigator.languages` on a page that speaks to one reader (a file request's
   * recipient): theirs comes before the site's.
   */
  reader: 4,
  /** A file request's own `locale`. */
  request: 5,
  /** The element's `lang` attribute or `locale` property. */
  element: 6,
} as const;
export type LocaleRank = (typeof LocaleSource)[keyof typeof LocaleSource];

/** Scripts written right to left. */
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/** Every bundled locale, the source locale first. */
export const LOCALES: readonly Locale[] = [sourceLocale, ...targetLocales];

const byLower = new Map(LOCALES.map((l) => [l.toLowerCase(), l]));

/**
 * The bundled locale for a language id as Quatrix, HTML or the browser spell it (`de`, `de-DE`,
 * `de_DE`, `pt-BR`, `zh-CN`, `zh-TW`, `zh-Hans-CN`, `no`), or `undefined` when none fits.
 */
export function matchLocale(id: string | null | undefined): Locale | undefined {
  const tag = id?.trim().replaceAll('_', '-');
  if (!tag) return undefined;
  let parts: Intl.Locale;
  try {
    parts = new Intl.Locale(tag);
  } catch {
    return undefined;
  }
  const exact = byLower.get(tag.toLowerCase());
  if (exact) return exact;
  const language = parts.language.toLowerCase();
  if (language === 'zh') {
    // By script: simplified for the mainland and Singapore, traditional for Taiwan, Hong Kong and Macau.
    const script = parts.maximize().script;
    return script === 'Hans' || script === 'Hant' ? byLower.get(`zh-${script.toLowerCase()}`) : undefined;
  }
  if (language === 'pt') return byLower.get('pt-br');
  // Norwegian: Bokmål serves the macrolanguage and Nynorsk readers, who all read it.
  if (language === 'no' || language === 'nn') return byLower.get('nb');
  return byLower.get(language);
}

/** The first bundled locale among `ids`, in order. */
export function firstMatch(ids: Iterable<string | null | undefined>): Locale | undefined {
  for (const id of ids) {
    const locale = matchLocale(id);
    if (locale) return locale;
  }
  return undefined;
}

/** `rtl` for right-to-left locales. */
export function localeDirection(locale: string): 'ltr' | 'rtl' {
  return RTL.has(locale.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

import { loadLocale } from './locale-loaders.js';

let runtime: { getLocale(): string; setLocale(locale: string): Promise<void> } | undefined;
function localization(): NonNullable<typeof runtime> {
  if (!runtime) {
    try {
      runtime = configureLocalization({
        sourceLocale,
        targetLocales,
        loadLocale,
      });
    } catch {
      // Configured already: only when this module's own copy of @lit/localize is shared with other
      // code (the npm build bundles a private one). Then the elements stay in English, as they show.
      runtime = { getLocale: () => sourceLocale, setLocale: async () => {} };
    }
  }
  return runtime;
}

/** The locale the elements speak now. */
export function currentLocale(): Locale {
  return matchLocale(localization().getLocale()) ?? sourceLocale;
}

/** Proposals by element; an entry goes when its element is disconnected. */
const proposals = new Map<object, { locale: Locale; rank: LocaleRank; seq: number }>();
let seq = 0;
let wanted: Locale = sourceLocale;

/** Applies the strongest proposal (the latest among equals) to the page. */
function apply(): void {
  let best: { locale: Locale; rank: LocaleRank; seq: number } | undefined;
  for (const p of proposals.values())
    if (!best || p.rank > best.rank || (p.rank === best.rank && p.seq > best.seq)) best = p;
  const locale = best?.locale ?? sourceLocale;
  if (locale === wanted && locale === localization().getLocale()) return;
  wanted = locale;
  void localization()
    .setLocale(locale)
    .catch(() => {
      // A locale module that fails to load (offline, blocked) leaves the previous language in place.
    });
}

/** `owner` (an element) wants `locale`, found at `rank` of the chain. */
export function proposeLocale(owner: object, locale: Locale, rank: LocaleRank): void {
  const current = proposals.get(owner);
  if (current && current.locale === locale && current.rank === rank) return;
  proposals.set(owner, { locale, rank, seq: ++seq });
  apply();
}

/** `owner` has no say any more (it left the page). */
export function withdrawLocale(owner: object): void {
  if (proposals.delete(owner)) apply();
}
