import type { Entry } from './entry.js';
import { UploadError } from './errors.js';

/**
 * What an app accepts, checked when files are added: a file that breaks a rule is refused (`failed`
 * with the reason `not-accepted`, `details.rule` saying which, `details.limit` the bound) and never
 * sent. The server's own limits (an allowance, a quota) are checked besides.
 */
export interface Restrictions {
  /**
   * Accepted types, as a file input's `accept`: MIME types (`application/pdf`), groups (`image/*`)
   * and extensions (`.pdf`, any case). Empty or absent: every type.
   */
  readonly accept?: readonly string[] | undefined;
  /** Largest file, in bytes. */
  readonly maxFileSize?: number | undefined;
  /** Smallest file, in bytes (1 refuses empty files). */
  readonly minFileSize?: number | undefined;
  /** Most files in the list at once (the ones sent, on their way or waiting; not those that failed). */
  readonly maxFiles?: number | undefined;
  /** Most bytes of all the files in the list together. */
  readonly maxTotalSize?: number | undefined;
}

/** Which rule refused a file. */
export type RestrictionRule = 'type' | 'max-file-size' | 'min-file-size' | 'max-files' | 'max-total-size';

/** Whether `file` (its name and type) is among the `accept` patterns. */
export function acceptedType(file: Blob, name: string, accept: readonly string[]): boolean {
  const patterns = accept.map((a) => a.trim().toLowerCase()).filter((a) => a !== '');
  if (patterns.length === 0) return true;
  const lower = name.toLowerCase();
  const type = file.type.toLowerCase();
  return patterns.some((p) =>
    p.startsWith('.') ? lower.endsWith(p) : p.endsWith('/*') ? type.startsWith(p.slice(0, -1)) : type === p,
  );
}

const refusal = (rule: RestrictionRule, limit: number | readonly string[]): UploadError =>
  new UploadError('not-accepted', `refused by the rule ${rule}`, { details: { rule, limit } });

/**
 * The refusals of the files just `added`, in order, given the files already in the list (`kept`: not
 * failed, cancelled or removed). A file refused leaves room for the next one.
 */
export function restrictionRefusals(
  added: readonly Entry[],
  kept: readonly Entry[],
  rules: Restrictions | undefined,
): Map<Entry, UploadError> {
  const refused = new Map<Entry, UploadError>();
  if (!rules) return refused;
  let files = kept.length;
  let bytes = kept.reduce((sum, e) => sum + e.facts.size, 0);
  for (const entry of added) {
    const size = entry.facts.size;
    let error: UploadError | undefined;
    if (rules.accept && !acceptedType(entry.state.file, entry.facts.name, rules.accept))
      error = refusal('type', rules.accept);
    else if (rules.maxFileSize !== undefined && size > rules.maxFileSize)
      error = refusal('max-file-size', rules.maxFileSize);
    else if (rules.minFileSize !== undefined && size < rules.minFileSize)
      error = refusal('min-file-size', rules.minFileSize);
    else if (rules.maxFiles !== undefined && files + 1 > rules.maxFiles)
      error = refusal('max-files', rules.maxFiles);
    else if (rules.maxTotalSize !== undefined && bytes + size > rules.maxTotalSize)
      error = refusal('max-total-size', rules.maxTotalSize);
    if (error) refused.set(entry, error);
    else {
      files++;
      bytes += size;
    }
  }
  return refused;
}
