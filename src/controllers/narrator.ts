import { msg, str } from '@lit/localize';
import type { Uploader, UploaderEvents, UploaderState, UploadFileState } from '../upload/index.js';
import { formatEta, formatNumber, formatPercent, isolatedName } from '../localization/format.js';
import {
  describeError,
  filesFailedText,
  filesSentText,
  offlineText,
  uploadingFilesText,
} from '../localization/messages.js';
import type { Announcer } from './announcer.js';

/** Total progress worth saying, in percent. */
const MILESTONES = [25, 50, 75];

/** The engine's events a {@link narrate narrator} tells. */
export type NarratedEvents = Pick<UploaderEvents, 'file-status' | 'change' | 'all-done' | 'folder-failed'>;

/** What tells each narrated event. */
export type Narrator = { [K in keyof NarratedEvents]: (event: NarratedEvents[K]) => void };

/**
 * Tells screen readers what an engine does, through one {@link Announcer}: started, 25/50/75 %,
 * paused, continued, offline and online, retrying, failed (urgent), sent, cancelled, all done, and an
 * empty folder that could not be made (urgent). What happens to many files at once (Pause all, a
 * refusal of several) is one message, not one per file.
 * Answers the handler of each event, for the caller to feed (this module is fetched on demand, and
 * what happened before it arrived is fed to it then).
 */
export function narrate(uploader: Uploader, announcer: Announcer): Narrator {
  let running = false;
  let milestone = 0;
  let offline = false;
  /** Files paused because the browser went offline: their pause and their return are not the user's. */
  const offlinePaused = new Set<string>();
  const batch = { paused: [] as string[], resumed: [] as string[], cancelled: [] as string[] };
  let failed: UploadFileState[] = [];
  let sent: string[] = [];
  let flushing = false;
  /** Sending began in this task: said after what the task said first (the files added). */
  let starting = false;

  /** Whatever happened in this task, said once it is over. */
  const later = (): void => {
    if (flushing) return;
    flushing = true;
    queueMicrotask(flush);
  };

  const flush = (): void => {
    flushing = false;
    const { paused, resumed, cancelled } = batch;
    if (starting) {
      starting = false;
      announcer.say(uploadingFilesText(activeOrPaused(uploader.getState())), { topic: 'started' });
    }
    /** What happened to one file, by its name, or to several at once (Pause all…): one message. */
    const sayFor = (names: string[], one: (name: string) => string, several: () => string): void => {
      if (names.length === 0) return;
      announcer.say(names.length === 1 ? one(isolatedName(names[0]!)) : several(), { topic: 'pause' });
    };
    // Stopped: what was still to be said of their progress no longer holds.
    if (cancelled.length > 0 || paused.length > 0) announcer.forget('progress', 'retry');
    sayFor(
      cancelled,
      (name) =>
        msg(str`${name} cancelled.`, {
          id: 'announce.cancelled',
          desc: 'Announced to screen readers: the upload of one file was cancelled.',
        }),
      () =>
        msg('Uploads cancelled.', {
          id: 'announce.cancelled-all',
          desc: 'Announced to screen readers: several uploads were cancelled at once (Cancel all).',
        }),
    );
    sayFor(
      paused,
      (name) =>
        msg(str`${name} paused.`, {
          id: 'announce.paused',
          desc: 'Announced to screen readers: the upload of one file was paused.',
        }),
      () =>
        msg('Uploads paused.', {
          id: 'announce.paused-all',
          desc: 'Announced to screen readers: every upload was paused (Pause all).',
        }),
    );
    sayFor(
      resumed,
      (name) =>
        msg(str`${name} continues.`, {
          id: 'announce.resumed',
          desc: 'Announced to screen readers: the paused upload of one file continues.',
        }),
      () =>
        msg('Uploads continue.', {
          id: 'announce.resumed-all',
          desc: 'Announced to screen readers: every paused upload continues (Resume all).',
        }),
    );
    // Failures with the same reason are one message: a refusal of ten files is not ten alerts.
    const reasons = new Map<string, UploadFileState[]>();
    for (const file of failed) {
      const reason = file.error ? describeError(file.error) : '';
      const same = reasons.get(reason);
      if (same) same.push(file);
      else reasons.set(reason, [file]);
    }
    for (const [reason, files] of reasons) {
      announcer.say(
        files.length === 1
          ? msg(str`${isolatedName(files[0]!.relativePath)} failed: ${reason}`, {
              id: 'list.file-failed',
              desc: 'Announced to screen readers: a file failed, followed by the reason (a full sentence).',
            })
          : `${filesFailedText(files.length)} ${reason}`,
        { urgent: true },
      );
    }
    if (sent.length === 1) {
      announcer.say(
        msg(str`${isolatedName(sent[0]!)} sent.`, {
          id: 'list.file-sent',
          desc: 'Announced to screen readers: a file was sent.',
        }),
      );
    } else if (sent.length > 1) announcer.say(filesSentText(sent.length));
    batch.paused = [];
    batch.resumed = [];
    batch.cancelled = [];
    failed = [];
    sent = [];
  };

  return {
    'file-status': ({ file, previous }) => {
      const { status } = file;
      if (status === 'preparing' || status === 'uploading') {
        if (!running) {
          running = true;
          starting = true;
          milestone = 0;
        }
      } else if (status === 'paused') {
        if (file.pausedBy === 'offline') offlinePaused.add(file.id);
        else batch.paused.push(file.relativePath);
      } else if (status === 'cancelled') batch.cancelled.push(file.relativePath);
      // A failure that ends everything (the session ended…) is said once, by the element.
      else if (status === 'failed' && !file.error?.fatal) failed.push(file);
      else if (status === 'done') sent.push(file.relativePath);
      else if (status === 'retrying' && file.retryAt !== undefined) {
        const seconds = (file.retryAt - Date.now()) / 1000;
        // A try again at once (a smaller chunk, a stall noticed) is not news.
        if (seconds >= 2)
          announcer.say(
            msg(str`Sending failed for now. Trying again ${formatEta(seconds)}.`, {
              id: 'announce.retrying',
              desc: 'Announced to screen readers: sending failed for now (no connection, or the server was busy or failed) and is tried again by itself. The placeholder is a relative time such as "in 8 seconds".',
            }),
            { topic: 'retry' },
          );
      }
      if (previous === 'paused' && status !== 'paused') {
        if (!offlinePaused.delete(file.id) && status !== 'cancelled' && status !== 'failed')
          batch.resumed.push(file.relativePath);
      }
      later();
    },
    change: (state) => {
      // Offline and back: said once for all files, not per file.
      const nowOffline =
        state.totals.counts.paused > 0 &&
        state.files.some((f) => f.status === 'paused' && f.pausedBy === 'offline');
      if (nowOffline !== offline) {
        offline = nowOffline;
        announcer.forget('progress', 'retry');
        announcer.say(
          offline
            ? offlineText()
            : msg('Back online. Uploads continue.', {
                id: 'announce.online',
                desc: 'Announced to screen readers: the connection is back and the uploads that waited for it continue.',
              }),
          { topic: 'connection' },
        );
      }
      if (!running) return;
      const { percent } = state.totals;
      // Files added meanwhile lower the total: its milestones can be reached again.
      while (milestone > 0 && percent < milestone) milestone -= 25;
      const reached = MILESTONES.filter((m) => percent >= m && m > milestone).pop();
      if (reached === undefined || percent >= 100) return;
      milestone = reached;
      announcer.say(
        msg(str`${formatPercent(reached)} uploaded.`, {
          id: 'announce.progress',
          desc: 'Announced to screen readers when the total progress of the uploads reaches 25, 50 or 75 percent. The placeholder is the formatted percentage.',
        }),
        { topic: 'progress' },
      );
    },
    'folder-failed': ({ path, error }) => {
      announcer.say(
        msg(str`The folder ${isolatedName(path)} could not be made: ${describeError(error)}`, {
          id: 'announce.folder-failed',
          desc: 'Announced to screen readers: an empty folder of a drop could not be made on the server (the files went on). The first placeholder is the folder path as dropped (Trip/Day 3), the second the reason (a full sentence).',
        }),
        // Many at once (the server fails each) are not a flood: a newer one replaces one still waiting.
        { urgent: true, topic: 'folder-failed' },
      );
    },
    'all-done': ({ successful, failed: failures }) => {
      running = false;
      flush();
      announcer.forget('started', 'progress', 'retry');
      const [ok, ko] = [formatNumber(successful.length), formatNumber(failures.length)];
      announcer.say(
        failures.length === 0
          ? msg('All uploads finished.', {
              id: 'announce.all-done',
              desc: 'Announced to screen readers: every file of the list was sent.',
            })
          : msg(str`Uploads finished. Sent: ${ok}. Failed: ${ko}.`, {
              id: 'announce.all-done-failures',
              desc: 'Announced to screen readers: every file has ended, some failed. The placeholders are numbers of files.',
            }),
        { topic: 'progress' },
      );
    },
  };
}

/** Files on their way or waiting for it (a pause, a CAPTCHA): what "all" means. */
function activeOrPaused(state: UploaderState): number {
  const counts = state.totals.counts;
  return (
    counts.queued +
    counts.preparing +
    counts.uploading +
    counts.retrying +
    counts.finalizing +
    counts.paused +
    counts.blocked
  );
}
