import {
  isFolderType,
  QuatrixCode,
  QuatrixError,
  type ProfileInfo,
  type QuatrixClient,
  type RequestOptions,
} from '../../api/index.js';
import { isRenamingOf } from '../names.js';
import { DEFAULT_RESUME_MAX_AGE_MS } from '../resume-store.js';
import type { UploadResult } from '../types.js';
import {
  quatrixKey,
  type Destination,
  type FileFacts,
  type LinkOptions,
  type TargetStatus,
  type UploadTarget,
} from './types.js';

/**
 * How far back a lost reservation is looked for at most: as long as a resume record lives (a try may
 * have ended with its session, and the next comes after signing in again, maybe much later).
 */
const RECONCILE_WINDOW_MS = DEFAULT_RESUME_MAX_AGE_MS;
/**
 * Reservations asked for again after cleaning up (each lost answer costs one more); beyond, the file
 * keeps the renamed one. Only a link that loses most answers gets there.
 */
const MAX_RECONCILE_ROUNDS = 8;

/** What to do when a file of the same name exists in the folder. */
export type NameClashPolicy = 'rename' | 'replace';

/**
 * A folder of a signed-in user: upload/link (rename on a clash, or replace through file/modify) →
 * chunks → finalize with `mtime` = the file's lastModified.
 *
 * A reservation whose answer was lost (the browser, or the engine's retry, then asks again) would leave
 * a renamed copy and an unfinished file under the name. So when the server renames a file, the folder is
 * read once: unfinished reservations of that name made by an earlier try of this file are deleted with
 * the renamed one, and the name is asked for again. A genuine clash costs that one read and stays
 * renamed.
 */
export class FolderTarget implements UploadTarget {
  readonly key: string;
  /** The signed-in user's storage as last read by `check()`. */
  profile: ProfileInfo | undefined;
  /** Files this target reserved and answered with: never taken for the orphan of a lost answer. */
  readonly #handedOut = new Set<string>();

  constructor(
    readonly client: QuatrixClient,
    readonly folderId: string,
    readonly options: { onClash?: NameClashPolicy } = {},
  ) {
    this.key = `folder:${client.siteUrl}:${folderId}`;
  }

  async check(options: RequestOptions): Promise<TargetStatus> {
    const info = (this.profile = await this.client.getProfileInfo(options));
    const free = (limit: number, used: number): number => (limit < 0 ? Infinity : Math.max(0, limit - used));
    const bytesRemaining = Math.min(free(info.userLimit, info.userUsed), free(info.accLimit, info.accUsed));
    return Number.isFinite(bytesRemaining) ? { bytesRemaining } : {};
  }

  async makeFolder(name: string, parentId: string | undefined, options: RequestOptions): Promise<string> {
    // resolve: false + code 30 means the folder exists; folders are merged, never renamed.
    const target = parentId ?? this.folderId;
    try {
      return (await this.client.makeDir({ target, name, resolve: false }, options)).id;
    } catch (error) {
      if (!(error instanceof QuatrixError && error.code === QuatrixCode.ObjectExists)) throw error;
      const existing = await this.client.findChild(target, name, options);
      // Project folders (S) and type T are folders too, as the production clients treat them.
      if (!existing || !isFolderType(existing.type)) throw error;
      return existing.id;
    }
  }

  async link(file: FileFacts, parentId: string | undefined, options: LinkOptions): Promise<Destination> {
    const target = parentId ?? this.folderId;
    if (this.options.onClash === 'replace') return this.#linkReplacing(file, target, options);
    const since = Math.max(options.since ?? Date.now(), Date.now() - RECONCILE_WINDOW_MS);
    for (let round = 0; ; round++) {
      const r = await this.client.getUploadLink(
        { name: file.name, parentId: target, resolve: true, fileSize: file.size },
        options,
      );
      const answeredAt = Date.now();
      const renamed = r.name !== file.name && r.fileId !== '';
      const orphans = renamed
        ? await this.#orphansOf(file.name, r, target, (answeredAt - since) / 1000, options)
        : [];
      if (orphans.length === 0 || round >= MAX_RECONCILE_ROUNDS) {
        // Out of rounds (answers lost again and again): at least no unfinished file stays behind.
        if (orphans.length > 0) await this.client.deleteFiles(orphans, options);
        this.#handedOut.add(r.fileId);
        return { transport: 'quatrix', uploadKey: r.uploadKey, fileId: r.fileId, name: r.name };
      }
      // Ours was renamed only because an earlier try of ours holds the name: both go, and the name,
      // free again, is asked for once more. A failure here leaves ours unhanded, so the engine's next
      // try finds it among the orphans.
      await this.client.deleteFiles([...orphans, r.fileId], options);
    }
  }

  /**
   * Reservations in `folderId` that an earlier try of this file made without its answer arriving: files
   * with no byte, under the asked name or a renaming of it like the server's answer `link`, never handed
   * out by this target, and made since that try began. The server's clock says when: no earlier than
   * this reservation less `triedFor`, the seconds from the first try's start to this answer (an upper
   * bound of the same span on the server, whatever the two clocks read).
   */
  async #orphansOf(
    asked: string,
    link: { name: string; fileId: string },
    folderId: string,
    triedFor: number,
    options: RequestOptions,
  ): Promise<string[]> {
    const { content } = await this.client.getFileMetadata(folderId, options);
    const ours = content.find((entry) => entry.id === link.fileId);
    // Without the server's time of this reservation there is no telling which try made what.
    if (!ours || !(ours.created > 0)) return [];
    // A server that counts in whole seconds needs a second of slack (a reservation of another client
    // in the second before the first try could then be taken for ours); finer times need none.
    const slack = Number.isInteger(ours.created) ? 1 : 0.001;
    const earliest = ours.created - triedFor - slack;
    return content
      .filter(
        (entry) =>
          entry.id !== ours.id &&
          entry.type === 'F' &&
          entry.size === 0 &&
          entry.created >= earliest &&
          entry.created <= ours.created &&
          !this.#handedOut.has(entry.id) &&
          isRenamingOf(entry.name, asked, link.name),
      )
      .map((entry) => entry.id);
  }

  async #linkReplacing(file: FileFacts, target: string, options: RequestOptions): Promise<Destination> {
    for (let round = 0; ; round++) {
      try {
        const r = await this.client.getUploadLink(
          { name: file.name, parentId: target, resolve: false, fileSize: file.size },
          options,
        );
        this.#handedOut.add(r.fileId);
        return { transport: 'quatrix', uploadKey: r.uploadKey, fileId: r.fileId, name: r.name };
      } catch (error) {
        // A clash, or the reservation of an earlier try whose answer was lost: either way the file of
        // that name gets the new content, so no second copy is made.
        if (!(error instanceof QuatrixError && error.code === QuatrixCode.ObjectExists)) throw error;
        const existing = await this.client.findChild(target, file.name, options);
        if (!existing || existing.type !== 'F') throw error;
        try {
          // `truncate: 0`, as production clients send it: the new content replaces the old from byte 0.
          const r = await this.client.getModifyLink({ id: existing.id, truncate: 0 }, options);
          return {
            transport: 'quatrix',
            uploadKey: r.uploadKey,
            fileId: r.fileId ?? existing.id,
            replaces: true,
          };
        } catch (refusal) {
          // An unfinished reservation cannot take new content on every server: one with no byte, that
          // this target never handed out, holds nothing to keep, so it goes and the name is asked again.
          const unfinished = refusal instanceof QuatrixError && refusal.code === QuatrixCode.NotFound;
          if (
            !unfinished ||
            existing.size !== 0 ||
            this.#handedOut.has(existing.id) ||
            round >= MAX_RECONCILE_ROUNDS
          )
            throw refusal;
          await this.client.deleteFiles([existing.id], options);
        }
      }
    }
  }

  async discard(destination: Destination, options: RequestOptions): Promise<void> {
    // A replaced file keeps its old content until finalize: deleting it would lose that.
    if (destination.transport !== 'quatrix' || destination.replaces || !destination.fileId) return;
    await this.client.deleteFiles([destination.fileId], options);
  }

  async finalize(destination: Destination, file: FileFacts, options: RequestOptions): Promise<UploadResult> {
    const r = await this.client.finalizeUpload(quatrixKey(destination), file.lastModified / 1000, options);
    return { fileId: r.id, parentId: r.parentId, size: r.size };
  }
}
