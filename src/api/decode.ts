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

/**
 * Typed reads of one JSON object of a response. A missing or mistyped field throws a
 * `QuatrixResponseError` naming it, so a changed server contract never becomes a silent `undefined`.
 */
export class Fields {
  private constructor(
    private readonly obj: Record<string, unknown>,
    private readonly ctx: BodyContext,
  ) {}

  static of(body: unknown, ctx: BodyContext): Fields {
    if (!isRecord(body)) throw malformed(ctx, 'expected a JSON object', body);
    return new Fields(body, ctx);
  }

  static list(body: unknown, ctx: BodyContext): Fields[] {
    if (!Array.isArray(body)) throw malformed(ctx, 'expected a JSON array', body);
    return body.map((item) => Fields.of(item, ctx));
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  str(key: string): string {
    return this.typed(key, 'string', (v): v is string => typeof v === 'string');
  }

  num(key: string): number {
    return this.typed(key, 'number', (v): v is number => typeof v === 'number' && Number.isFinite(v));
  }

  bool(key: string): boolean {
    return this.typed(key, 'boolean', (v): v is boolean => typeof v === 'boolean');
  }

  strList(key: string): string[] {
    return this.typed(
      key,
      'array of strings',
      (v): v is string[] => Array.isArray(v) && v.every((item) => typeof item === 'string'),
    );
  }

  /** A list of objects, each read with the same care. */
  list(key: string): Fields[] {
    return Fields.list(this.typed(key, 'array', Array.isArray), this.ctx);
  }

  record(key: string): Record<string, unknown> {
    return this.typed(key, 'object', isRecord);
  }

  private typed<T>(key: string, what: string, check: (v: unknown) => v is T): T {
    const value = this.obj[key];
    if (!check(value)) throw malformed(this.ctx, `field "${key}" should be ${what}`, this.obj);
    return value;
  }
}

function malformed(ctx: BodyContext, what: string, body: unknown): QuatrixResponseError {
  return new QuatrixResponseError(
    `malformed body: ${what}`,
    ctx.method,
    ctx.url,
    ctx.status,
    JSON.stringify(body)?.slice(0, 200) ?? '',
  );
}
