import type { EngineContext } from '../context.js';
import { percentOf, sentFacts, Stopped, type Entry } from '../entry.js';
import type { RecipientKey } from '../encryption/index.js';
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

  constructor(ctx: EngineContext, gates: Gates, folders: FolderTree) {
    this.#ctx = ctx;
    this.#gates = gates;
    this.#folders = folders;
  }

  async prepare(entry: Entry, signal: AbortSignal): Promise<Blob> {
    // The status this file was let through with: another file's failure may clear the gates' meanwhile.
    const { encryptTo } = await this.#gates.check(signal);
    if (encryptTo !== undefined && !entry.sent) await this.#encrypt(entry, encryptTo, signal);
    // Whatever failed above, a target that wants files encrypted gets the encrypted copy or nothing.
    const body = encryptTo === undefined && !entry.sent ? entry.state.file : entry.body;
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
      this.#ctx.target.link(sentFacts(entry), parentId, { signal: s, since }),
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
    // A file paused or cancelled meanwhile stops at its first slice: the signal is passed on.
    const recipient = await (this.#recipient ??= encryption.readRecipientKey(key));
    if (entry.destination) this.#ctx.resume.dropReservation(entry);
    const copy = await encryption.encryptedCopy(entry.state.file, entry.facts, recipient, {
      signal,
      onProgress: (done, total) => {
        if (entry.state.status === 'preparing')
          this.#ctx.book.patch(entry, { preparedPercent: percentOf(done, total) });
      },
    });
    entry.body = copy.blob;
    entry.release = copy.release;
    entry.sent = copy.sent;
  }
}

/** The encryption code, a chunk of its own; a failure to fetch it sends nothing (`encryption`). */
function loadEncryption(): Promise<typeof import('../encryption/index.js')> {
  return import('../encryption/index.js').catch((error: unknown) => {
    throw new UploadError('encryption', 'could not load the encryption code', { cause: error });
  });
}

/** Stops the run when the file was paused, cancelled or failed meanwhile. */
export function ensurePreparing(entry: Entry, signal: AbortSignal): void {
  if (signal.aborted || entry.state.status !== 'preparing') throw new Stopped();
}
