import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { FileActions } from '../../controllers/uploader-controller.js';
import type { UploadFileState, UploaderState, UploadStatus } from '../../upload/index.js';
import {
  visibleName,
  formatBytes,
  formatEta,
  formatPercent,
  formatSpeed,
  formatTime,
} from '../../localization/format.js';
import { onDemand } from '../base/on-demand.js';
import { thumbnail } from './thumbnail.js';

export { fileListStyles } from './file-list.styles.js';
// What screen readers hear of uploads comes with the list: an element needs both as it is set up, and
// one module is one fetch (a bundle makes one chunk of it, whose exports are the module's own).
export { narrate } from '../../controllers/narrator.js';
import {
  describeError,
  describeStatus,
  encryptedSizeText,
  encryptingText,
  filesDoneText,
  moreFilesText,
  nextTryText,
  offlineText,
  waitingForConnectionText,
} from '../../localization/messages.js';

const ACTIVE = new Set<UploadStatus>([
  'queued',
  'preparing',
  'uploading',
  'retrying',
  'finalizing',
  'blocked',
]);

/** What the element around the list decides: its review step, how files leave the list, its height. */
export interface ListView {
  /** The files are held for a review (the engine is not sending queued files). */
  readonly held: boolean;
  /** The one action that sends the files held, named with their count. */
  startLabel(count: number): string;
  start(): void;
  /** Takes one file out of the list (one not sent yet, or one that failed). */
  remove(file: UploadFileState): void;
  /** Removes the files that have ended, when the element offers it. */
  readonly clear?: (() => void) | undefined;
  /** A list of bounded height that scrolls inside. */
  readonly compact: boolean;
}

/** Longer lists render only the rows in view, so that a dropped folder of 10,000 files stays responsive. */
const VIRTUAL_FROM = 50;

/** A button of one file, labelled with the file's name for screen readers. */
function action(text: string, label: string, onClick: () => void): TemplateResult {
  return html`<button part="button" type="button" aria-label=${label} @click=${onClick}>${text}</button>`;
}

/** Paused because the device went offline: it continues by itself, nobody needs to resume it. */
const offline = (file: UploadFileState): boolean => file.status === 'paused' && file.pausedBy === 'offline';

/** A file's state in words: what it waits for, and until when. */
function statusText(file: UploadFileState, held: boolean): string {
  // Held for the review: it goes with the review's action, not by itself.
  if (held)
    return msg('Not sent yet', {
      id: 'status.held',
      desc: 'State of one file in the upload list before the person sends the chosen files (a review step): it goes when they press the button that sends them.',
    });
  if (file.status === 'preparing' && file.preparedPercent !== undefined) return encryptingText();
  if (offline(file)) return waitingForConnectionText();
  // A try again at once (a smaller chunk, a stall noticed) needs no time.
  if (file.status === 'retrying' && file.retryAt !== undefined && file.retryAt - Date.now() >= 2000)
    return nextTryText(formatTime(file.retryAt));
  return describeStatus(file.status);
}

/** One file: name, size, status, progress, speed and ETA, the reason of a failure, and its actions. */
function renderFile(
  file: UploadFileState,
  actions: FileActions,
  view: ListView,
  position?: { index: number; count: number },
): TemplateResult {
  const name = visibleName(file.relativePath);
  // Held for the review: not on its way yet, so it leaves the list instead of being paused or cancelled.
  const held = view.held && file.status === 'queued';
  const encrypting = file.status === 'preparing' && file.preparedPercent !== undefined;
  const progressLabel = msg(str`Progress of ${name}`, {
    id: 'list.progress-of',
    desc: 'Accessible name of the progress bar of one file.',
  });
  return html`<li
    part="file file-${file.status}"
    class="file"
    data-status=${file.status}
    aria-setsize=${position ? position.count : nothing}
    aria-posinset=${position ? position.index + 1 : nothing}
  >
    <div class="file-head">
      ${thumbnail(file.file) ?? nothing}
      <span part="file-name" class="file-name" dir="auto" title=${name}>${name}</span>
      <span part="file-size" class="file-size">${formatBytes(file.size)}</span>
      ${file.sentSize !== undefined ? html`<span part="file-sent-size" class="file-size">${encryptedSizeText(formatBytes(file.sentSize))}</span>` : nothing}
    </div>
    ${
      // A failed file shows no progress: its bytes did not arrive, whatever share of them went. One
      // held for the review has none yet.
      file.status === 'failed' || held
        ? nothing
        : html`<progress
            part="file-progress"
            max="100"
            .value=${file.percent}
            aria-label=${progressLabel}
          ></progress>`
    }
    <div class="file-meta">
      <span part="file-status">${statusText(file, held)}</span>
      ${file.status === 'uploading' && file.percent > 0 ? html`<span part="file-percent">${formatPercent(file.percent)}</span>` : nothing}
      ${encrypting ? html`<span part="file-percent">${formatPercent(file.preparedPercent!)}</span>` : nothing}
      ${file.status === 'uploading' && file.speed ? html`<span part="file-speed">${formatSpeed(file.speed)}</span>` : nothing}
      ${
        file.status === 'uploading' && file.eta !== undefined && file.eta > 0
          ? html`<span part="file-eta">${formatEta(file.eta)}</span>`
          : nothing
      }
    </div>
    ${
      file.status === 'done' && file.result?.storedName
        ? html`<p part="file-stored-as" class="hint">
            ${msg(str`Saved as ${visibleName(file.result.storedName)}: a file with this name was already there.`, { id: 'list.saved-as', desc: 'Under a sent file whose name was taken in the folder: the server stored it under another name (placeholder), e.g. "report (1).pdf".' })}
          </p>`
        : nothing
    }
    ${
      file.error && file.status === 'failed'
        ? html`<p part="file-error" class="file-error">${describeError(file.error)}</p>`
        : nothing
    }
    <div part="file-actions" class="file-actions">
      ${
        held || file.status === 'failed'
          ? action(
              msg('Remove', {
                id: 'list.remove',
                desc: 'Button on one file not sent yet or failed: take it out of the list.',
              }),
              msg(str`Remove ${name}`, {
                id: 'list.remove-file',
                desc: 'Accessible name of the remove button of one file.',
              }),
              () => view.remove(file),
            )
          : nothing
      }
      ${
        !held && ACTIVE.has(file.status) && file.status !== 'blocked'
          ? action(
              msg('Pause', { id: 'list.pause', desc: 'Button on one file: pause its upload.' }),
              msg(str`Pause ${name}`, {
                id: 'list.pause-file',
                desc: 'Accessible name of the pause button of one file.',
              }),
              () => actions.pause(file.id),
            )
          : nothing
      }
      ${
        file.status === 'paused' && !offline(file)
          ? action(
              msg('Resume', { id: 'list.resume', desc: 'Button on one file: continue its paused upload.' }),
              msg(str`Resume ${name}`, {
                id: 'list.resume-file',
                desc: 'Accessible name of the resume button of one file.',
              }),
              () => actions.resume(file.id),
            )
          : nothing
      }
      ${
        file.status === 'failed' && file.error?.canRetry !== false
          ? action(
              msg('Retry', { id: 'list.retry', desc: 'Button on one failed file: try to send it again.' }),
              msg(str`Retry ${name}`, {
                id: 'list.retry-file',
                desc: 'Accessible name of the retry button of one file.',
              }),
              () => actions.retry(file.id),
            )
          : nothing
      }
      ${
        !held && (ACTIVE.has(file.status) || file.status === 'paused')
          ? action(
              msg('Cancel', { id: 'list.cancel', desc: 'Button on one file: stop and drop its upload.' }),
              msg(str`Cancel ${name}`, {
                id: 'list.cancel-file',
                desc: 'Accessible name of the cancel button of one file.',
              }),
              () => actions.cancel(file.id),
            )
          : nothing
      }
    </div>
  </li>`;
}

/** The virtualizer, fetched the first time a list is long. */
const useVirtualList = onDemand(() => import('./virtual-list.js'));

/**
 * The list of files: the review step's action (files held before sending), one summary line (total
 * percent, files sent of all, bytes, time left) with the actions for all, and the files. A long list
 * renders only the rows in view; until the virtualizer has arrived it shows the first rows (`update`
 * renders again then).
 */
export function renderFileList(
  state: UploaderState,
  actions: FileActions,
  update: () => void,
  view: ListView,
): TemplateResult | typeof nothing {
  // Drawn every frame while files go, with up to thousands of them: what the engine's counts answer
  // is not looked for file by file, and the list is copied only when some were cancelled.
  const { totals } = state;
  const { counts } = totals;
  const files = counts.cancelled > 0 ? state.files.filter((f) => f.status !== 'cancelled') : state.files;
  if (files.length === 0) return nothing;
  const held = view.held && counts.queued > 0 ? files.filter((f) => f.status === 'queued') : [];
  let busy = false;
  for (const status of ACTIVE) if (counts[status] > 0 && !(view.held && status === 'queued')) busy = true;
  const waiting = counts.paused > 0 && files.some(offline);
  const paused = counts.paused > 0 && files.some((f) => f.status === 'paused' && !offline(f));
  // Totals count the files on their way or arrived; failed ones are not among them.
  const counted = files.length - counts.failed;
  const going = counted > held.length;
  const summary = [
    formatPercent(totals.percent),
    filesDoneText(counted, totals.counts.done),
    msg(str`${formatBytes(totals.bytesUploaded)} of ${formatBytes(totals.bytesTotal)}`, {
      id: 'list.summary.bytes',
      desc: 'In the summary line above the file list: bytes sent of all bytes, e.g. "925 kB of 39 MB".',
    }),
    ...(busy && totals.eta !== undefined && totals.eta > 0 ? [formatEta(totals.eta)] : []),
  ];
  const ended = counts.done + counts.failed > 0;
  const long = files.length >= VIRTUAL_FROM;
  const lists = long ? useVirtualList(update) : undefined;
  const label = msg('Files', { id: 'list.label', desc: 'Accessible name of the list of files being sent.' });
  const row = (f: UploadFileState, position?: { index: number; count: number }): TemplateResult =>
    renderFile(f, actions, view, position);
  return html`<section part="files" class="files" aria-label=${label}>
    ${waiting ? html`<p part="notice" class="notice">${offlineText()}</p>` : nothing}
    ${
      held.length > 0
        ? html`<div part="review" class="review">
            <button part="button start" class="primary" type="button" @click=${() => view.start()}>
              ${view.startLabel(held.length)}
            </button>
            <span part="total-text">${formatBytes(held.reduce((sum, f) => sum + f.size, 0))}</span>
          </div>`
        : nothing
    }
    <div part="total" class="total">
      ${
        going
          ? html`<progress
                part="total-progress"
                max="100"
                .value=${totals.percent}
                aria-label=${msg('Total progress', { id: 'list.total', desc: 'Accessible name of the progress bar of all files together.' })}
              ></progress>
              <span part="total-text"
                >${
                  // Each piece is isolated: numbers in a right-to-left line must not join the next piece.
                  summary.map((piece, i) => html`${i > 0 ? ' · ' : ''}<bdi>${piece}</bdi>`)
                }</span
              >`
          : nothing
      }
      <span part="actions" class="total-actions">
        ${busy ? html`<button part="button" type="button" @click=${() => actions.pause()}>${msg('Pause all', { id: 'list.pause-all', desc: 'Button: pause every upload.' })}</button>` : nothing}
        ${paused ? html`<button part="button" type="button" @click=${() => actions.resume()}>${msg('Resume all', { id: 'list.resume-all', desc: 'Button: continue every paused upload.' })}</button>` : nothing}
        ${busy || paused || waiting ? html`<button part="button" type="button" @click=${() => actions.cancel()}>${msg('Cancel all', { id: 'list.cancel-all', desc: 'Button: stop every upload.' })}</button>` : nothing}
        ${
          view.clear && ended && !busy
            ? html`<button part="button" type="button" @click=${view.clear}>
                ${msg('Clear finished', { id: 'list.clear', desc: 'Button: take the files that were sent or failed out of the list.' })}
              </button>`
            : nothing
        }
      </span>
    </div>
    ${
      lists
        ? html`<ul part="file-list" class="file-list virtual" tabindex="0" aria-label=${label}>
            ${lists.virtualize({
              // The virtualizer only reads its items.
              items: files as UploadFileState[],
              keyFunction: (f) => f.id,
              renderItem: (f, index) => row(f, { index, count: files.length }),
              scroller: true,
              // Given here, the layout comes with the virtualizer instead of in a request of its own.
              layout: lists.flow(),
            })}
          </ul>`
        : html`<ul
            part="file-list"
            class="file-list ${view.compact ? 'compact' : ''}"
            tabindex=${view.compact ? 0 : nothing}
            aria-label=${view.compact ? label : nothing}
          >
            ${repeat(
              long ? files.slice(0, VIRTUAL_FROM) : files,
              (f) => f.id,
              (f) => row(f),
            )}
            ${long ? html`<li part="file" class="file">${moreFilesText(files.length - VIRTUAL_FROM)}</li>` : nothing}
          </ul>`
    }
  </section>`;
}
