/**
 * The script-tag build's loader of translations: each is `chunks/locale-<locale>.js` beside the
 * script-tag file (an entry of that build, named without a hash as the file itself is), fetched only
 * when its locale is chosen. One import of a URL instead of a map of thirty: the file a page loads
 * stays small. A locale id only ever comes from the bundled list (see `matchLocale`).
 */
import type { LocaleModule } from './locale-loaders.js';

// Both comments are needed. The one inside `new URL(` keeps Vite from rewriting the URL into a lookup of
// the files it found at build time (the translations are entries, which it does not see there, so the
// URL was `undefined`); the one inside `import(` keeps it from warning about an import it cannot follow.
export const loadLocale = (locale: string): LocaleModule =>
  import(
    /* @vite-ignore */ new URL(/* @vite-ignore */ `./chunks/locale-${locale}.js`, import.meta.url).href
  ) as LocaleModule;
