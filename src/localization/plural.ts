import { msg, type str } from '@lit/localize';
import { currentLocale } from './configure.js';

/**
 * `msg` for an id made here. Typed as a plain function, so that `lit-localize extract` (which knows
 * `msg` by its type, and reads literal ids only) leaves it alone: the messages it reads, one per
 * category, are in `plurals.messages.ts`.
 */
const byId = (template: ReturnType<typeof str>, options: { id: string }): string =>
  // Read at each call: @lit/localize installs its runtime `msg` when localization is configured.
  (msg as (template: ReturnType<typeof str>, options: { id: string }) => string)(template, options);

type PluralForms = Record<Intl.LDMLPluralRule, () => string>;

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * Picks the message for a count by the plural rules of the current locale (@lit/localize has no
 * plural syntax, so each plural message has one translatable form per CLDR category). The messages
 * for translators, `plurals.messages.ts`, use it; the elements use {@link pluralMsg}.
 */
export function plural(count: number, forms: PluralForms, locale: string = currentLocale()): string {
  return forms[categoryOf(count, locale)]();
}

/** The CLDR plural category of a count in a locale (its rules made once per locale). */
function categoryOf(count: number, locale: string): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(count);
}

/**
 * The message `<id>.<category>` for a count, the category by the current locale's plural rules: a
 * translation has one form per category, and English is `one` or `other`. The generated plural
 * functions use it (their messages, for translators, are in `plurals.messages.ts`).
 */
export function pluralMsg(
  count: number,
  id: string,
  one: () => ReturnType<typeof str>,
  other: () => ReturnType<typeof str>,
  locale: string = currentLocale(),
): string {
  const category = categoryOf(count, locale);
  return byId((category === 'one' ? one : other)(), { id: `${id}.${category}` });
}
