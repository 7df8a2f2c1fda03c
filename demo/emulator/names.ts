import path from 'node:path';
import { fail } from './errors.js';

/** Longest file or folder name, in characters: Quatrix's limit, as rclone states it. */
export const MAX_NAME_CHARS = 255;
/** Longest file or folder name, in UTF-8 bytes (common file-system limit; our choice). */
export const MAX_NAME_BYTES = 255;

/**
 * Checks a file or folder name before it touches storage: not empty, no path separators, not `.` or
 * `..`, no NUL or other control characters, no trailing whitespace (rclone lists trailing spaces as
 * unsupported by Quatrix), no trailing dot (our choice: Windows cannot hold such a name), at most 255
 * characters (rclone) and 255 UTF-8 bytes. Throws a code-10 error naming the problem.
 */
export function checkName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string') fail(11, `Missing parameter: ${field}`);
  const reason = nameProblem(name);
  if (reason) fail(10, `Invalid ${field}: ${reason}`, { field });
  return name;
}

function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'empty';
  if (name === '.' || name === '..') return 'reserved name';
  if (/[/\\]/.test(name)) return 'contains a path separator';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character';
  if (/\s$/u.test(name)) return 'ends with a space';
  if (name.endsWith('.')) return 'ends with a dot';
  // Every name over 255 characters is over 255 bytes too: checked first, so the message names the
  // limit Quatrix states.
  if ([...name].length > MAX_NAME_CHARS) return `longer than ${MAX_NAME_CHARS} characters`;
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return `longer than ${MAX_NAME_BYTES} bytes`;
  return undefined;
}

/**
 * Joins `parts` under `root` and proves the result stays inside it: the last line of defence, after
 * `checkName`, against writing outside the data directory.
 */
export function insideRoot(root: string, ...parts: string[]): string {
  const base = path.resolve(root);
  const full = path.resolve(base, ...parts);
  if (full !== base && !full.startsWith(base + path.sep)) {
    throw new Error(`refusing a path outside the data directory: ${full}`);
  }
  return full;
}

/** `report.pdf` → `report (1).pdf`, `report (2).pdf`, …: the first name not taken. */
export function resolveClash(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}
