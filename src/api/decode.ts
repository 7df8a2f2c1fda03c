import { QuatrixResponseError } from './errors.js';

/** Where a body came from, for the error that names a malformed one. */
export interface BodyContext {
  method: string;
  url: string;
  status: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A decimal number written as a JSON string (`"42"`, `"-1"`, `"1700000000.25"`, `"1e3"`). */
const NUMERIC_STRING = /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A finite number, from a JSON number or a numeric string; anything else is undefined. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC_STRING.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function toStringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/**
 * Tolerant, typed reads of one JSON object of a response, as Quatrix's own clients read it (every field
 * of their models is optional):
 * - a *required* field (`str`, `num`, `bool`) that is missing, `null` or of the wrong type throws a
 *   `QuatrixResponseError` whose `field` names it: the product cannot go on without it;
 * - an *optional* field (`optStr`, `optNum`, …) that is missing, `null` or of the wrong type reads as
 *   the caller's default: a server that leaves out or changes a field the product can do without must
 *   not stop an upload;
 * - numbers may come as numeric strings (`"42"`); fields nobody reads are ignored.
 */
export class Fields {
  readonly #obj: Record<string, unknown>;
  readonly #ctx: BodyContext;
  readonly #prefix: string;

  private constructor(
    obj: Record<string, unknown>,
    ctx: BodyContext,
    /** Path of this object in the body, for field names in errors: `''`, `content[2].`, `[0].`. */
    prefix: string,
  ) {
    this.#obj = obj;
    this.#ctx = ctx;
    this.#prefix = prefix;
  }

  /**
   * The body as one object; an empty body or `null` reads as `{}` (its required fields, if any, are then
   * reported by name); anything else is a `QuatrixResponseError`.
   */
  static of(body: unknown, ctx: BodyContext, prefix = ''): Fields {
    if (body === undefined || body === null) return new Fields({}, ctx, prefix);
    if (!isRecord(body)) throw malformed(ctx, 'expected a JSON object', body);
    return new Fields(body, ctx, prefix);
  }

  /**
   * The body as a list of objects; an empty body or `null` reads as `[]`; anything else is a
   * `QuatrixResponseError`.
   */
  static list(body: unknown, ctx: BodyContext, prefix = ''): Fields[] {
    if (body === undefined || body === null) return [];
    if (!Array.isArray(body)) throw malformed(ctx, 'expected a JSON array', body);
    return body.map((item, i) => {
      if (!isRecord(item)) throw malformed(ctx, `${prefix}[${i}] should be an object`, body);
      return new Fields(item, ctx, `${prefix}[${i}].`);
    });
  }

  /** Whether the field is present and not `null`. */
  has(key: string): boolean {
    return this.#obj[key] !== undefined && this.#obj[key] !== null;
  }

  /** A required string. */
  str(key: string): string {
    return this.#required(key, 'a string', (v) => (typeof v === 'string' ? v : undefined));
  }

  /** A required finite number (or numeric string). */
  num(key: string): number {
    return this.#required(key, 'a number', toNumber);
  }

  /** A required boolean. */
  bool(key: string): boolean {
    return this.#required(key, 'a boolean', (v) => (typeof v === 'boolean' ? v : undefined));
  }

  /** An optional string: absent, `null` or not a string reads as `fallback`. */
  optStr<D extends string | undefined>(key: string, fallback: D): string | D {
    const value = this.#obj[key];
    return typeof value === 'string' ? value : fallback;
  }

  /** An optional finite number (or numeric string): absent, `null` or anything else reads as `fallback`. */
  optNum<D extends number | undefined>(key: string, fallback: D): number | D {
    return toNumber(this.#obj[key]) ?? fallback;
  }

  /** An optional boolean: absent, `null` or not a boolean reads as `fallback`. */
  optBool(key: string, fallback: boolean): boolean {
    const value = this.#obj[key];
    return typeof value === 'boolean' ? value : fallback;
  }

  /** An optional list of strings: absent, `null` or anything else reads as `fallback`. */
  optStrList(key: string, fallback: string[]): string[] {
    return toStringList(this.#obj[key]) ?? fallback;
  }

  /** An optional free-form object: absent, `null` or not an object reads as an empty one. */
  optRecord(key: string): Record<string, unknown> {
    const value = this.#obj[key];
    return isRecord(value) ? value : {};
  }

  /**
   * An optional list of objects, each read with the same care (a required field missing in an item
   * still throws). Absent, `null` or not a list reads as empty; items that are not objects are skipped.
   */
  optList(key: string): Fields[] {
    const value = this.#obj[key];
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, i) =>
      isRecord(item) ? [new Fields(item, this.#ctx, `${this.#prefix}${key}[${i}].`)] : [],
    );
  }

  #required<T>(key: string, what: string, read: (v: unknown) => T | undefined): T {
    const raw = this.#obj[key];
    const value = raw === null || raw === undefined ? undefined : read(raw);
    if (value !== undefined) return value;
    const name = this.#prefix + key;
    const problem =
      raw === null || raw === undefined
        ? `required field "${name}" is missing`
        : `required field "${name}" should be ${what}`;
    throw malformed(this.#ctx, problem, this.#obj, name);
  }
}

function malformed(ctx: BodyContext, what: string, body: unknown, field?: string): QuatrixResponseError {
  return new QuatrixResponseError(
    `malformed body: ${what}`,
    ctx.method,
    ctx.url,
    ctx.status,
    JSON.stringify(body)?.slice(0, 200) ?? '',
    { field },
  );
}

/**
 * `modified_ms` as milliseconds. Production clients read it as Unix *seconds* with a fraction, older
 * descriptions as milliseconds: a value above 1e11 (in seconds, beyond the year 5000) is taken as
 * milliseconds already, anything else as seconds. Without it: `modified` (seconds) × 1000.
 */
export function modifiedMsOf(f: Fields): number {
  const raw = f.optNum('modified_ms', undefined);
  if (raw !== undefined) return Math.round(raw > 1e11 ? raw : raw * 1000);
  return Math.round(f.optNum('modified', 0) * 1000);
}
