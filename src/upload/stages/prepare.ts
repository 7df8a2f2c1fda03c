import type { EngineContext } from '../context.js';
import { percentOf, sentFacts, Stopped, type Entry } from '../entry.js';
import type { EncryptedCopy } from '../encryption/copies.js';
import type { RecipientKey } from '../encryption/index.js';
import { DEFAULT_RESUME_MAX_AGE_MS } from '../resume-store.js';
import type { FileFacts } from '../targets/index.js';
import { loadEncryption } from '../encryption/lazy.js';
import { UploadError } from '../errors.js';
import type { FolderTree } from '../folders.js';
import type { Gates } from '../gates.js';

/**
 * The prepare stage: the target's gates passed; the bytes to send made ready (for a target that wants
 * files encrypted, an encrypted copy, or nothing at all); then, unless an earlier try or visit did, the
 * folders made and the upload reserved with the target. Answers the bytes to send.
 */
export class PrepareStage {
  readonly #ctx: EngineContext;
  readonly #gates: Gates;
  readonly #folders: FolderTree;
  /** The requester's key, read once for every file. */
  #recipient: Promise<RecipientKey> | undefined;
  /** The clean-up of copies earlier visits left, once. */
  #swept: Promise<number> | undefined;

  constructor(ctx: EngineContext, gates: Gates, folders: FolderTree) {
    this.#ctx = ctx;
    this.#gates = gates;
    this.#folders = folders;
  }

  async prepare(entry: Entry, signal: AbortSignal): Promise<Blob> {
    // The status this file was let through with: another file's failure may clear the gates' meanwhile.
    const { encryptTo } = await this.#gates.check(signal);
    if (encryptTo !== undefined && !entry.copy) await this.#encrypt(entry, encryptTo, signal);
    else if (entry.savedCopy) {
      // An earlier visit sent an encrypted copy, which this target no longer asks for: start afresh.
      entry.savedCopy = undefined;
      this.#ctx.resume.dropReservation(entry);
    }
    // Whatever failed above, a target that wants files encrypted gets the encrypted copy or nothing.
    const body = encryptTo === undefined && !entry.copy ? entry.state.file : entry.copy?.blob;
    if (!body) throw new UploadError('encryption', 'no copy');
    if (entry.destination) return body;
    // The reservation of an earlier, cancelled try must be gone first, or the new one is renamed.
    if (entry.discarding) await entry.discarding;
    ensurePreparing(entry, signal);
    const parentId = await this.#folders.ensure(entry.folderPath);
    ensurePreparing(entry, signal);
    // From the first try on: a try whose answer is lost may have reserved the file all the same.
    const since = (entry.linkSince ??= Date.now());
    entry.destination = await this.#ctx.withRetries(signal, (s) =>
      this.#ctx.target.link(sentFacts(entry), parentId, { signal: s, since, meta: entry.state.meta }),
    );
    entry.linkSince = undefined;
    this.#gates.counted();
    this.#ctx.resume.remember(entry);
    return body;
  }

  /**
   * Encrypts the file to the requester's key into a copy kept for this page's life of the file. An
   * upload of the plaintext begun before (a record of an earlier visit) is not continued: a new one
   * starts for the copy.
   */
  async #encrypt(entry: Entry, key: string, signal: AbortSignal): Promise<void> {
    const encryption = await loadEncryption();
    // Copies that earlier visits left and none can continue go first (once per page).
    await (this.#swept ??= encryption.sweepCopies(DEFAULT_RESUME_MAX_AGE_MS).catch(() => 0));
    const recipient = await (this.#recipient ??= encryption.readRecipientKey(key));
    const saved = entry.savedCopy;
    entry.savedCopy = undefined;
    // An earlier visit's upload of this file continues with its very copy, if it is still there and
    // encrypted to the same key.
    if (saved && entry.destination && saved.key === recipient.fingerprint) {
      const copy = await encryption.reopenedCopy(saved.name, saved.size, entry.facts);
      if (copy) return this.#adopt(entry, copy, recipient);
    }
    // Otherwise a new copy goes to a new reservation.
    if (entry.destination) this.#ctx.resume.dropReservation(entry);
    // A file paused or cancelled meanwhile stops at its first slice: the signal is passed on.
    const copy = await encryption.encryptedCopy(entry.state.file, entry.facts, recipient, {
      signal,
      onProgress: (done, total) => {
        if (entry.state.status === 'preparing')
          this.#ctx.book.patch(entry, { preparedPercent: percentOf(done, total) });
      },
    });
    this.#adopt(entry, copy, recipient);
  }

  #adopt(entry: Entry, copy: EncryptedCopy & { sent: FileFacts }, recipient: RecipientKey): void {
    entry.copy = { ...copy, key: recipient.fingerprint };
    this.#ctx.book.patch(entry, { sentSize: copy.sent.size });
  }
}

/** Stops the run when the file was paused, cancelled or failed meanwhile. */
export function ensurePreparing(entry: Entry, signal: AbortSignal): void {
  if (signal.aborted || entry.state.status !== 'preparing') throw new Stopped();
}
