import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { trapTab } from '../parts/trap-focus.js';

// The CAPTCHA dialog's view: a chunk of its own in the script-tag file, fetched the first time a
// CAPTCHA is asked for (most visits never see it).

/** What the dialog shows and what its controls do. */
export interface CaptchaDialogView {
  readonly state: 'closed' | 'open' | 'invalid' | 'unavailable';
  readonly onCancel: (event: Event) => void;
  readonly onRetry: () => void;
  readonly onClose: () => void;
}

/** The modal CAPTCHA dialog: its heading, why it failed, where the service draws, and its buttons. */
export function renderCaptchaDialog(view: CaptchaDialogView): TemplateResult {
  return html`<dialog
    part="dialog"
    aria-labelledby="captcha-title"
    @keydown=${(e: KeyboardEvent) => trapTab(e, e.currentTarget as HTMLDialogElement)}
    @cancel=${view.onCancel}
  >
    <h2 id="captcha-title" part="dialog-title" class="headline">
      ${msg('Please confirm that you are not a robot', { id: 'widget.captcha.title', desc: 'Heading of the CAPTCHA dialog.' })}
    </h2>
    ${
      view.state === 'unavailable'
        ? html`<p part="field-error" class="error">
            ${msg('This form needs a CAPTCHA, but none is set up on this page.', { id: 'widget.captcha.unavailable', desc: 'Error for the site owner: the site needs a CAPTCHA but the page has none set up.' })}
          </p>`
        : nothing
    }
    ${
      view.state === 'invalid'
        ? html`<p part="field-error" class="error" role="alert">
            ${msg('That did not work. Please try again.', { id: 'widget.captcha.invalid', desc: 'Error: the CAPTCHA was not solved.' })}
          </p>`
        : nothing
    }
    <div part="captcha" class="captcha-container"></div>
    <div part="actions" class="dialog-actions">
      ${
        view.state === 'invalid'
          ? html`<button part="button" type="button" @click=${view.onRetry}>
              ${msg('Try again', { id: 'widget.captcha.retry', desc: 'Button: try the CAPTCHA again.' })}
            </button>`
          : nothing
      }
      <button part="button" type="button" @click=${view.onClose}>
        ${msg('Close', { id: 'widget.captcha.close', desc: 'Button that closes the CAPTCHA dialog.' })}
      </button>
    </div>
  </dialog>`;
}
