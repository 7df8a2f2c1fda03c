import { percentOf, type Entry } from './entry.js';
import type { StatePatch } from './file-state.js';
import { resumeKey, type ResumeRecord, type ResumeStorage } from './resume-store.js';
import { NoResumeStorage } from './resume-store.js';
import type { FileSource, UnfinishedUpload } from './types.js';

/** The store of file sources, fetched on demand (see handles.ts). */
const sources = (): Promise<typeof import('./handles.js')> => import('./handles.js');

/** Whether sources were kept on this origin (a flag in localStorage), or sets it. */
function sourcesKept(set?: boolean): boolean {
  const flag = 'quatrix-upload:file-sources';
  try {
    if (set === true) localStorage.setItem(flag, '1');
    else if (set === false) localStorage.removeItem(flag);
    return localStorage.getItem(flag) === '1';
  } catch {
    return false;
  }
}

/** Lets go of a file's source, should one be kept. */
function dropSource(key: string): void {
  void sources()
    .then((s) => s.dropSource(key))
    .catch(() => {});
}

/**
 * Resume across reloads: what is written down of each unfinished quatrix-transport upload, and how a
 * file added again picks up its record.
 */
export class ResumeBook {
  readonly #storage: ResumeStorage;
  readonly #targetKey: string;

  constructor(storage: ResumeStorage, targetKey: string) {
    this.#storage = storage;
    this.#targetKey = targetKey;
  }

  /** Whether records outlive the page (a source kept with none to go with it would serve nothing). */
  get #keepsRecords(): boolean {
    return !(this.#storage instanceof NoResumeStorage);
  }

  /** Writes down where a reserved file is (after each chunk, and before each is sent). */
  remember(entry: Entry): void {
    // An encrypted copy in memory lives only as long as this page: no later visit could continue it.
    if (entry.destination?.transport !== 'quatrix' || (entry.copy && !entry.copy.name)) return;
    this.#storage.set(entry.resumeKey, this.#recordOf(entry));
    if (entry.source && !entry.sourceKept && this.#keepsRecords) {
      entry.sourceKept = true;
      sourcesKept(true);
      const { resumeKey, source } = entry;
      void sources()
        .then((s) => s.keepSource(resumeKey, source))
        .catch(() => {}); // no IndexedDB (a private window): the file is chosen again, as elsewhere
    }
  }

  /**
   * The session ended while the file was being reserved: a try whose answer was lost may have reserved
   * it. A record without a key keeps when that began, so that the next try, in a new engine too, finds
   * that reservation.
   */
  rememberReserving(entry: Entry, since: number): void {
    this.#storage.set(entry.resumeKey, {
      ...this.#recordOf(entry),
      uploadKey: '',
      confirmed: 0,
      startedAt: since,
    });
  }

  forget(entry: Entry): void {
    this.#storage.remove(entry.resumeKey);
    if (entry.source) {
      dropSource(entry.resumeKey);
      entry.sourceKept = false; // a retry's new record keeps it again
    }
  }

  /** Lets go of the kept source of an unfinished upload of an earlier visit (its record stays). */
  dropSource(upload: Pick<UnfinishedUpload, 'relativePath' | 'size' | 'lastModified'>): void {
    dropSource(resumeKey(this.#targetKey, upload));
  }

  /**
   * Removes kept sources whose records are gone (expired, or finished in a page that did not know of
   * the source): a handle is kept no longer than its record. Only where sources were ever kept on this
   * origin, so that other pages never open the database.
   */
  sweep(): void {
    if (!sourcesKept()) return;
    void sources()
      .then(async (s) => {
        const left = await s.sweep((key) => this.#storage.get(key) !== undefined);
        if (left === 0) sourcesKept(false);
      })
      .catch(() => {});
  }

  /**
   * Lets go of where a file was reserved: its destination, its confirmed bytes and its record. Its next
   * try reserves anew.
   */
  dropReservation(entry: Entry): void {
    entry.destination = undefined;
    entry.ledger = undefined;
    this.forget(entry);
  }

  /**
   * Continues a newly added file from its record, if it has one: its reservation and confirmed bytes,
   * or (a record without a key) when reserving it began. `busy` are the resume keys of the files already
   * added that have not ended (read once per batch: a folder of 10,000 files is not compared file by
   * file with the whole list). Answers what changes in the file's state.
   */
  restore(entry: Entry, busy: ReadonlySet<string>): StatePatch | undefined {
    // The same file added twice: the second copy is an upload of its own, not a resume of the first.
    if (busy.has(entry.resumeKey)) return undefined;
    const record = this.#storage.get(entry.resumeKey);
    if (!record || record.targetKey !== this.#targetKey || record.size !== entry.facts.size) return undefined;
    if (!record.uploadKey) {
      // Reserving had begun when the session ended: the next try looks for a reservation since then.
      entry.linkSince = record.startedAt;
      return undefined;
    }
    entry.destination = {
      transport: 'quatrix',
      uploadKey: record.uploadKey,
      fileId: record.fileId,
      replaces: record.replaces,
    };
    // An upload of an encrypted copy sends the copy's bytes: it continues only with that copy, which
    // the prepare stage opens again (or, gone, encrypts anew for a new reservation).
    const sent = record.copy?.size ?? record.size;
    if (record.copy) entry.savedCopy = record.copy;
    entry.ledger = {
      size: sent,
      confirmed: Math.min(record.confirmed, sent),
      uncertain: record.unanswered,
      onConfirmed: () => {},
    };
    const share = sent === 0 ? 0 : entry.ledger.confirmed / sent;
    return {
      resumed: true,
      bytesUploaded: Math.round(share * record.size),
      percent: percentOf(entry.ledger.confirmed, sent),
      ...(record.copy ? { sentSize: record.copy.size } : {}),
    };
  }

  /** Unfinished uploads of an earlier visit whose files (by resume key) are not among `present`. */
  unfinished(present: ReadonlySet<string>): UnfinishedUpload[] {
    return this.#storage
      .list(this.#targetKey)
      .filter(([key]) => !present.has(key))
      .map(([, r]) => ({
        name: r.name,
        relativePath: r.relativePath,
        size: r.size,
        lastModified: r.lastModified,
        percent: Math.floor(percentOf(r.confirmed, r.copy?.size ?? r.size)),
        startedAt: r.startedAt,
      }));
  }

  forgetUnfinished(upload: Pick<UnfinishedUpload, 'relativePath' | 'size' | 'lastModified'>): void {
    const key = resumeKey(this.#targetKey, upload);
    this.#storage.remove(key);
    dropSource(key);
  }

  /**
   * The unfinished uploads among `unfinished` whose files can be read again without choosing them,
   * each with where: none without IndexedDB, or when nothing is written down.
   */
  async reopenable(unfinished: readonly UnfinishedUpload[]): Promise<Array<[UnfinishedUpload, FileSource]>> {
    if (unfinished.length === 0) return [];
    try {
      const s = await sources();
      const found = await Promise.all(
        unfinished.map(async (u) => [u, await s.sourceOf(resumeKey(this.#targetKey, u))] as const),
      );
      return found.filter((f): f is [UnfinishedUpload, FileSource] => f[1] !== undefined);
    } catch {
      return [];
    }
  }

  #recordOf(entry: Entry): ResumeRecord {
    const d = entry.destination?.transport === 'quatrix' ? entry.destination : undefined;
    const previous = this.#storage.get(entry.resumeKey);
    return {
      targetKey: this.#targetKey,
      uploadKey: d?.uploadKey ?? '',
      fileId: d?.fileId,
      replaces: d?.replaces,
      name: entry.facts.name,
      relativePath: entry.state.relativePath,
      size: entry.facts.size,
      lastModified: entry.facts.lastModified,
      confirmed: entry.ledger?.confirmed ?? 0,
      unanswered: entry.ledger?.uncertain,
      startedAt: previous?.startedAt ?? Date.now(),
      copy: entry.copy?.name
        ? { name: entry.copy.name, size: entry.copy.sent.size, key: entry.copy.key }
        : undefined,
    };
  }
}
