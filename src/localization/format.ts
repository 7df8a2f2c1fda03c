/** Locale-aware formatting of sizes, speeds, percentages and durations (Intl, no strings of our own). */
import { currentLocale } from './configure.js';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Making an Intl formatter costs far more than using one: a list of 1,000 files makes them once. */
const numberFormats = new Map<string, Intl.NumberFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) dateTimeFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** A byte count in the largest unit that keeps it at 1 or more (powers of 1000, as systems show sizes). */
function scale(bytes: number): { value: number; unit: number } {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return { value, unit };
}

/**
 * `1.5 MB`, `10.7 GB`, `0 bytes`, in the elements' locale: SI units (powers of 1000), one decimal
 * below 100 (a 10 GiB quota reads `10.7 GB`, not `11 GB`), and bytes spelled out with the locale's
 * plural (`1 byte`, `0 bytes`; the short form reads `0 byte`).
 */
export function formatBytes(bytes: number, locale: string = currentLocale()): string {
  const { value, unit } = scale(bytes);
  return numberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : value < 100 ? 1 : 0,
  }).format(value);
}

/** `2.5 MB/s`. */
export function formatSpeed(bytesPerSecond: number, locale: string = currentLocale()): string {
  const { value, unit } = scale(bytesPerSecond);
  return numberFormat(locale, {
    style: 'unit',
    unit: `${UNITS[unit]}-per-second`,
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}

/** A count, with the locale's digits and grouping (`1,234`, `١٬٢٣٤`). */
export function formatNumber(value: number, locale: string = currentLocale()): string {
  return numberFormat(locale, {}).format(value);
}

/** `42 %`, from 0–100. */
export function formatPercent(percent: number, locale: string = currentLocale()): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

/** `in 3 minutes`, for an ETA in seconds. */
export function formatEta(seconds: number, locale: string = currentLocale()): string {
  let rtf = relativeFormats.get(locale);
  if (!rtf) relativeFormats.set(locale, (rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  if (seconds < 60) return rtf.format(Math.max(1, Math.round(seconds)), 'second');
  if (seconds < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  return rtf.format(Math.round(seconds / 3600), 'hour');
}

/** `27 November 2026 at 14:30`, for a time in ms since the epoch, in the reader's time zone. */
export function formatDateTime(ms: number, locale: string = currentLocale()): string {
  return dateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(ms);
}

/** `14:30:05`, a time of day today (ms since the epoch), in the reader's time zone. */
export function formatTime(ms: number, locale: string = currentLocale()): string {
  return dateTimeFormat(locale, { timeStyle: 'medium' }).format(ms);
}

/**
 * Characters that change how a name reads without showing themselves: direction controls (a name
 * `report<U+202E>gpj.exe` would read "reportexe.jpg"), zero-width and other invisible characters, and
 * control characters.
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e007f}]/gu;

/**
 * A file or folder name as it really is: every hidden character shown as a visible code (`⟨U+202E⟩`),
 * so that a name cannot pass for another. Show names with `dir="auto"` too, so that each is isolated
 * from the text around it.
 */
export function visibleName(name: string): string {
  return name.replace(
    HIDDEN,
    (ch) => `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}

/** A name inside a sentence: shown as it is, and isolated (FSI … PDI) so it cannot reorder the sentence. */
export function isolatedName(name: string): string {
  return `\u2068${visibleName(name)}\u2069`;
}
