import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import type { UploadError } from '../../upload/index.js';
import { describeError } from '../../localization/errors.js';

/**
 * A failure that may pass (the network, a busy server), after the retries ran out: what went wrong
 * and a button that tries again, instead of a dead end.
 */
export function renderTryAgain(error: UploadError, onRetry: () => void): TemplateResult {
  return html`<div part="error" class="fields">
    <p class="error" role="alert">${describeError(error)}</p>
    <div part="actions">
      <button part="button" class="primary" type="button" @click=${onRetry}>
        ${msg('Try again', { id: 'action.try-again', desc: 'Button: try again something that failed (loading a page, a request to the server).' })}
      </button>
    </div>
  </div>`;
}
