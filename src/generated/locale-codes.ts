// Do not modify this file by hand!
// Re-generate this file by running lit-localize.

/**
 * The locale code that templates in this source code are written in.
 */
export const sourceLocale = `en`;

/**
 * The other locale codes that this application is localized into. Sorted
 * lexicographically.
 */
export const targetLocales = [
  `ar`,
  `cs`,
  `da`,
  `de`,
  `el`,
  `es`,
  `fa`,
  `fi`,
  `fr`,
  `he`,
  `hu`,
  `id`,
  `it`,
  `ja`,
  `ko`,
  `nb`,
  `nl`,
  `pl`,
  `pt-BR`,
  `ro`,
  `ru`,
  `sv`,
  `th`,
  `tr`,
  `uk`,
  `ur`,
  `vi`,
  `zh-Hans`,
  `zh-Hant`,
] as const;

/**
 * All valid project locale codes. Sorted lexicographically.
 */
export const allLocales = [
  `ar`,
  `cs`,
  `da`,
  `de`,
  `el`,
  `en`,
  `es`,
  `fa`,
  `fi`,
  `fr`,
  `he`,
  `hu`,
  `id`,
  `it`,
  `ja`,
  `ko`,
  `nb`,
  `nl`,
  `pl`,
  `pt-BR`,
  `ro`,
  `ru`,
  `sv`,
  `th`,
  `tr`,
  `uk`,
  `ur`,
  `vi`,
  `zh-Hans`,
  `zh-Hant`,
] as const;
