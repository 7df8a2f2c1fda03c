import { html, nothing, type TemplateResult } from 'lit';
import { visibleName } from '../../localization/format.js';
import { moreFilesText } from '../../generated/plurals.js';

/** Names of what was sent: the first ones, then how many more (nobody reads a thousand names). */
export function renderSentNames(names: readonly string[], shown = 20): TemplateResult {
  const more = names.length - shown;
  return html`<ul part="sent-list" class="sent-list">
    ${names.slice(0, shown).map((name) => html`<li><bdi>${visibleName(name)}</bdi></li>`)}
    ${more > 0 ? html`<li>${moreFilesText(more)}</li>` : nothing}
  </ul>`;
}
