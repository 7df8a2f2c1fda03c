import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { FilesReturnMetadata } from '../../api/index.js';
import { formatDateTime } from '../../localization/format.js';
import { requestMaxText } from '../../localization/messages.js';

/**
 * Who asks for files and how: the requester, their message, the deadline, that the files are encrypted
 * for them (`encryption`: the part of a request that demands it, drawn by its own chunk), and how many
 * files the request takes.
 */
export function renderRequest(
  r: FilesReturnMetadata,
  encryption: TemplateResult | undefined,
): TemplateResult {
  const who = r.senderName || r.senderEmail;
  const deadline = r.expires > 0 ? formatDateTime(r.expires * 1000) : '';
  return html`<div part="request" class="fields">
    <p part="hint" class="hint">
      ${who ? msg(str`${who} asks you for files.`, { id: 'request.who', desc: "Who asks: a person's name or e-mail address." }) : msg('You are asked for files.', { id: 'request.who.unknown', desc: 'Shown when the server did not say who asks for the files.' })}${r.senderEmail && r.senderName ? html` <span>(${r.senderEmail})</span>` : nothing}
    </p>
    ${r.message ? html`<p part="request-message" class="message" dir="auto">${r.message}</p>` : nothing}
    ${deadline ? html`<p part="hint" class="hint">${msg(str`Please send them by ${deadline}.`, { id: 'request.deadline', desc: 'Deadline of a file request; the placeholder is a date and time.' })}</p>` : nothing}
    ${r.returnPgpEncrypted ? (encryption ?? nothing) : nothing}
    ${r.filesPerShare !== undefined ? html`<p part="hint" class="hint">${requestMaxText(r.filesPerShare)}</p>` : nothing}
  </div>`;
}
