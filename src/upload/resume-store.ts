/** What is kept of an unfinished quatrix-transport upload, to continue it after a reload. */
export interface ResumeRecord {
  targetKey: string;
  /**
   * `''` when the session ended while the file was being reserved: no upload to continue, but the next
   * try looks for a reservation made since `startedAt`.
   */
  uploadKey: string;
  fileId?: string | undefined;
  /** The upload replaces an existing file's content (its reservation must never be deleted). */
  replaces?: boolean | undefined;
  name: string;
  relativePath: string;
  size: number;
  lastModified: number;
  /** Bytes the server confirmed. */
  confirmed: number;
  /** A chunk sent after those whose answer never came: the server may have it. */
  unanswered?: { start: number; end: number } | undefined;
  startedAt: number;
  /**
   * The upload sends an encrypted copy of the file, kept in the origin-private file system: it is
   * continued only with that very copy.
   */
  copy?: SavedCopy | undefined;
}

/** An encrypted copy as a resume record keeps it. */
export interface SavedCopy {
  /** Its file's name in the origin-private file system. */
  name: string;
  /** Its size in bytes: the size the upload was reserved with. */
  size: number;
  /** The fingerprint of the key it is encrypted to. */
  key: string;
}

/** Where resume records live; every method may fail silently (no storage means no resume, not an error). */
export interface ResumeStorage {
  get(key: string): ResumeRecord | undefined;
  set(key: string, record: ResumeRecord): void;
  remove(key: string): void;
  /** Every record of one target. */
  list(targetKey: string): Array<[key: string, record: ResumeRecord]>;
}

const PREFIX = 'quatrix-upload:resume:';
/**
 * Records older than this are forgotten by default (24 hours; our choice, as Quatrix does not say how
 * long it keeps an unfinished upload): an upload key lets anyone add to or finalize its upload, so it
 * is kept no longer than it can be of use.
 */
export const DEFAULT_RESUME_MAX_AGE_MS = 24 * 3600 * 1000;

/** The key of one file for one target: the same file added again finds its record. */
export function resumeKey(
  targetKey: string,
  file: { relativePath: string; size: number; lastModified: number },
): string {
  return `${targetKey}|${file.relativePath}|${file.size}|${file.lastModified}`;
}

/**
 * Resume records in `localStorage`. Private modes, sandboxed frames and full quotas throw on access:
 * each such failure degrades to "no resume", never to an error.
 */
export class LocalResumeStorage implements ResumeStorage {
  readonly #storage: () => Storage | undefined;
  readonly #maxAgeMs: number;

  constructor(
    storage: () => Storage | undefined = () => globalThis.localStorage,
    /** How long a record is kept after its upload started, in ms. */
    maxAgeMs: number = DEFAULT_RESUME_MAX_AGE_MS,
  ) {
    this.#storage = storage;
    this.#maxAgeMs = maxAgeMs;
  }

  #expired(record: ResumeRecord): boolean {
    return Date.now() - record.startedAt > this.#maxAgeMs;
  }

  #attempt<T>(work: (storage: Storage) => T, fallback: T): T {
    try {
      const storage = this.#storage();
      return storage ? work(storage) : fallback;
    } catch {
      return fallback;
    }
  }

  get(key: string): ResumeRecord | undefined {
    return this.#attempt((s) => {
      const record = parse(s.getItem(PREFIX + key));
      if (!record || !this.#expired(record)) return record;
      s.removeItem(PREFIX + key);
      return undefined;
    }, undefined);
  }

  set(key: string, record: ResumeRecord): void {
    this.#attempt((s) => s.setItem(PREFIX + key, JSON.stringify(record)), undefined);
  }

  remove(key: string): void {
    this.#attempt((s) => s.removeItem(PREFIX + key), undefined);
  }

  list(targetKey: string): Array<[string, ResumeRecord]> {
    return this.#attempt((s) => {
      const found: Array<[string, ResumeRecord]> = [];
      for (let i = 0; i < s.length; i++) {
        const full = s.key(i);
        if (!full?.startsWith(PREFIX)) continue;
        const record = parse(s.getItem(full));
        const key = full.slice(PREFIX.length);
        if (!record || this.#expired(record)) {
          s.removeItem(full);
          i--;
        } else if (record.targetKey === targetKey) {
          found.push([key, record]);
        }
      }
      return found;
    }, []);
  }
}

/** Keeps nothing: for `resume: false`. */
export class NoResumeStorage implements ResumeStorage {
  get(): undefined {
    return undefined;
  }
  set(): void {}
  remove(): void {}
  list(): Array<[string, ResumeRecord]> {
    return [];
  }
}

function parse(text: string | null): ResumeRecord | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<ResumeRecord>;
    const ok =
      typeof value.uploadKey === 'string' &&
      typeof value.targetKey === 'string' &&
      typeof value.confirmed === 'number' &&
      typeof value.size === 'number' &&
      typeof value.startedAt === 'number';
    if (!ok) return undefined;
    const u = value.unanswered;
    // A malformed range is dropped, not trusted: it would move the confirmed offset.
    if (
      u !== undefined &&
      !(Number.isSafeInteger(u?.start) && Number.isSafeInteger(u?.end) && u.end > u.start)
    )
      delete value.unanswered;
    const c = value.copy;
    // A record of a copy that cannot be found again continues nothing.
    if (
      c !== undefined &&
      !(typeof c?.name === 'string' && Number.isSafeInteger(c.size) && typeof c.key === 'string')
    )
      return undefined;
    return value as ResumeRecord;
  } catch {
    return undefined;
  }
}
