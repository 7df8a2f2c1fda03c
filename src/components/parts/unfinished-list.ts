import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { formatPercent, isolatedName } from '../../localization/format.js';
import type { UnfinishedUpload } from '../../upload/types.js';

/** What the element around the list decides and does. */
export interface UnfinishedActions {
  /** Some of them can go on without choosing their files again: "Continue uploads" shows. */
  readonly reopenable: boolean;
  /** The form around the element is disabled. */
  readonly disabled: boolean;
  /** "Remove": the upload will not continue. */
  forget(upload: UnfinishedUpload): void;
  /** "Continue uploads". */
  reopen(): void;
}

/**
 * The unfinished uploads of an earlier visit, each with the percentage it continues from and a Remove
 * button, and "Continue uploads" when their files can be read again. A module of its own, fetched only
 * by a page that has some.
 */
export function renderUnfinished(
  unfinished: readonly UnfinishedUpload[],
  actions: UnfinishedActions,
): TemplateResult {
  return html`<section
    part="unfinished"
    class="fields"
    aria-label=${msg('Unfinished uploads', { id: 'list.unfinished', desc: 'Accessible name of the list of uploads that did not finish during an earlier visit.' })}
  >
    <p part="hint" class="hint" id="unfinished-hint">
      ${
        actions.reopenable
          ? msg('Some uploads of your last visit did not finish. They can go on from where they stopped:', {
              id: 'list.unfinished.hint-reopen',
              desc: 'Explains the list of unfinished uploads from an earlier visit whose files the page can read again (a Continue button follows).',
            })
          : msg('Some uploads of your last visit did not finish. Choose the same files again to continue:', {
              id: 'list.unfinished.hint',
              desc: 'Explains the list of unfinished uploads from an earlier visit.',
            })
      }
    </p>
    <ul part="sent-list" class="sent-list">
      ${unfinished.map((u) => {
        const percent = formatPercent(u.percent);
        return html`<li>
          ${
            // Nothing confirmed yet: "continues from 0 %" would promise what is not there.
            u.percent > 0
              ? msg(str`${isolatedName(u.relativePath)}, continues from ${percent}`, {
                  id: 'list.unfinished.item',
                  desc: 'One unfinished upload: the file name and the percentage it will continue from.',
                })
              : msg(str`${isolatedName(u.relativePath)}, not sent yet`, {
                  id: 'list.unfinished.item-new',
                  desc: 'One unfinished upload of which no byte arrived yet: the file name.',
                })
          }
          <button part="button" type="button" @click=${() => actions.forget(u)}>
            ${msg('Remove', { id: 'list.unfinished.forget', desc: 'Button: drop an unfinished upload from the list (it will not continue).' })}
          </button>
        </li>`;
      })}
    </ul>
    ${
      actions.reopenable
        ? html`<div part="actions" class="actions">
            <button
              part="button continue"
              class="primary"
              type="button"
              aria-describedby="unfinished-hint"
              ?disabled=${actions.disabled}
              @click=${() => actions.reopen()}
            >
              ${msg('Continue uploads', { id: 'list.unfinished.continue', desc: 'Button: unfinished uploads of an earlier visit go on from where they stopped, without choosing the files again (the browser may ask to let the page read them).' })}
            </button>
          </div>`
        : nothing
    }
  </section>`;
}
