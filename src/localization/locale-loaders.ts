/**
 * Each translation is its own module, fetched only when its locale is chosen: a bundler makes each a
 * chunk. (The script-tag build puts `locale-loaders.cdn.ts` in its place.)
 */
import type { configureLocalization } from '@lit/localize';
import type { targetLocales } from '../generated/locale-codes.js';

export type LocaleModule = ReturnType<Parameters<typeof configureLocalization>[0]['loadLocale']>;

const loaders: Record<(typeof targetLocales)[number], () => LocaleModule> = {
  ar: () => import('../generated/locales/ar.js'),
  cs: () => import('../generated/locales/cs.js'),
  da: () => import('../generated/locales/da.js'),
  de: () => import('../generated/locales/de.js'),
  el: () => import('../generated/locales/el.js'),
  es: () => import('../generated/locales/es.js'),
  fa: () => import('../generated/locales/fa.js'),
  fi: () => import('../generated/locales/fi.js'),
  fr: () => import('../generated/locales/fr.js'),
  he: () => import('../generated/locales/he.js'),
  hu: () => import('../generated/locales/hu.js'),
  id: () => import('../generated/locales/id.js'),
  it: () => import('../generated/locales/it.js'),
  ja: () => import('../generated/locales/ja.js'),
  ko: () => import('../generated/locales/ko.js'),
  nb: () => import('../generated/locales/nb.js'),
  nl: () => import('../generated/locales/nl.js'),
  pl: () => import('../generated/locales/pl.js'),
  'pt-BR': () => import('../generated/locales/pt-BR.js'),
  ro: () => import('../generated/locales/ro.js'),
  ru: () => import('../generated/locales/ru.js'),
  sv: () => import('../generated/locales/sv.js'),
  th: () => import('../generated/locales/th.js'),
  tr: () => import('../generated/locales/tr.js'),
  uk: () => import('../generated/locales/uk.js'),
  ur: () => import('../generated/locales/ur.js'),
  vi: () => import('../generated/locales/vi.js'),
  'zh-Hans': () => import('../generated/locales/zh-Hans.js'),
  'zh-Hant': () => import('../generated/locales/zh-Hant.js'),
};

/** The strings of a bundled locale. */
export const loadLocale = (locale: string): LocaleModule => loaders[locale as keyof typeof loaders]();
