import type { Entry } from './entry.js';
import { transition, type StatePatch } from './file-state.js';
import { TERMINAL_STATUSES, type UploaderEvents, type UploadStatus } from './types.js';

/** Emits one of the engine's events. */
export type Emit = <K extends keyof UploaderEvents>(event: K, detail: UploaderEvents[K]) => void;

/**
 * The engine's files, in the order they were added, and the files being worked on. Every change of a
 * file's state goes through here: status changes through {@link FileBook.move} (the allowed-from table
 * of `file-state.ts`), other fields through {@link FileBook.patch}.
 */
export class FileBook {
  readonly entries: Entry[] = [];
  /** Files with a run under way: each holds one of the `concurrency` slots. */
  readonly active = new Set<Entry>();

  readonly #emit: Emit;
  readonly #changed: () => void;

  constructor(emit: Emit, changed: () => void) {
    this.#emit = emit;
    this.#changed = changed;
  }

  /** Moves a file to `to`; false (and nothing changes) when that move is not allowed from where it is. */
  move(entry: Entry, to: UploadStatus, patch: StatePatch = {}): boolean {
    const previous = entry.state.status;
    const next = transition(entry.state, to, patch);
    if (!next) return false;
    entry.state = next;
    if (to !== previous) this.#emit('file-status', { file: next, previous });
    this.#changed();
    return true;
  }

  /** Changes fields other than the status (progress, retries…). */
  patch(entry: Entry, patch: StatePatch): void {
    entry.state = { ...entry.state, ...patch };
    this.#changed();
  }

  find(id: string): Entry | undefined {
    return this.entries.find((e) => e.state.id === id);
  }

  /** One file by id, or every file without one. */
  select(id: string | undefined): Entry[] {
    if (id === undefined) return [...this.entries];
    const entry = this.find(id);
    return entry ? [entry] : [];
  }

  /** Files that have not ended. */
  unended(): Entry[] {
    return this.entries.filter(unended);
  }

  /** Whether any file has not ended (without making a list). */
  busy(): boolean {
    return this.entries.some(unended);
  }

  /** Files not ended and not yet reserved: the ones a limit can still keep from being sent. */
  pending(): Entry[] {
    return this.entries.filter((e) => unended(e) && !e.destination);
  }

  /** The queued files that `onBeforeUpload` has not let through yet. */
  unapproved(): Entry[] {
    return this.entries.filter(unapproved);
  }

  /** Whether any queued file waits for `onBeforeUpload` (without making a list). */
  awaitsApproval(): boolean {
    return this.entries.some(unapproved);
  }
}

const unended = (e: Entry): boolean => !TERMINAL_STATUSES.has(e.state.status);
const unapproved = (e: Entry): boolean => e.state.status === 'queued' && !e.approved;
