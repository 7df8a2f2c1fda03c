import { currentLocale } from './configure.js';

type PluralForms = Record<Intl.LDMLPluralRule, () => string>;

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * Picks the message for a count by the plural rules of the current locale (@lit/localize has no
 * plural syntax, so each plural message has one translatable form per CLDR category; they are
 * generated from `plural-table.ts`).
 */
export function plural(count: number, forms: PluralForms, locale: string = currentLocale()): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return forms[rules.select(count)]();
}
