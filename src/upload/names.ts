/** Why a file or folder name cannot be sent to Quatrix. */
export type NameProblem =
  /** Nothing but white space. */
  | 'empty'
  /** `.` or `..`. */
  | 'reserved'
  /** Contains `/` or `\`. */
  | 'separator'
  /** Contains a control character (U+0000–U+001F, U+007F). */
  | 'control'
  /** Ends with a space or a dot. */
  | 'trailing'
  /** Longer than {@link MAX_NAME_CHARACTERS} characters. */
  | 'too-long';

/** The longest name Quatrix takes, in characters. */
export const MAX_NAME_CHARACTERS = 255;

/**
 * What is wrong with a name, checked before anything is sent, by the rules production Quatrix clients
 * state: 1–255 characters, not `.` or `..`, no `/` or `\`, no control characters, and (rclone lists
 * these as unsupported) no trailing space; a trailing dot is refused too, as Windows cannot store it.
 * Undefined when the name is fine.
 */
export function nameProblem(name: string): NameProblem | undefined {
  if (name.trim() === '') return 'empty';
  if (name === '.' || name === '..') return 'reserved';
  if (/[/\\]/.test(name)) return 'separator';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control';
  if (/[ .]$/.test(name)) return 'trailing';
  if ([...name].length > MAX_NAME_CHARACTERS) return 'too-long';
  return undefined;
}

/**
 * Whether `candidate` is a name the server could have given a file asked for as `asked`, judging by the
 * name it gave another such file (`answered`): `asked` itself, or `answered` with other numbers where the
 * server changed the name (`report (1).pdf` beside `report (2).pdf`, whatever the server's own pattern).
 */
export function isRenamingOf(candidate: string, asked: string, answered: string): boolean {
  if (candidate === asked) return true;
  if (candidate === answered || answered === asked) return false;
  let head = 0;
  while (head < asked.length && head < answered.length && asked[head] === answered[head]) head++;
  let tail = 0;
  while (
    tail < asked.length - head &&
    tail < answered.length - head &&
    asked[asked.length - 1 - tail] === answered[answered.length - 1 - tail]
  )
    tail++;
  const prefix = answered.slice(0, head);
  const suffix = answered.slice(answered.length - tail);
  if (!candidate.startsWith(prefix) || !candidate.endsWith(suffix) || candidate.length < head + tail)
    return false;
  const shape = (middle: string): string => middle.replace(/\d+/g, '#');
  const middle = (name: string): string => name.slice(head, name.length - tail);
  return shape(middle(candidate)) === shape(middle(answered)) && /\d/.test(middle(answered));
}
