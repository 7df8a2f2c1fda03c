import { msg } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { WidgetMetadata } from '../../api/index.js';
import { emit } from '../../events/index.js';
// Each from its own module, not the package's index: the script-tag file takes only what a widget runs.
import { toUploadError, UploadError } from '../../upload/errors.js';
import { WidgetTarget } from '../../upload/targets/widget.js';
import type { Uploader } from '../../upload/uploader.js';
import { renderSentNames } from '../parts/sent-names.js';

// Each from its own module, not `messages.ts`: the script-tag file takes only the sentences it uses.
import { filesSentText, sendFilesText } from '../../generated/plurals.js';
import { describeError } from '../../localization/errors.js';
import { filesRemainingText } from '../../localization/list-texts.js';
import { clientFor } from '../base/credentials.js';
import { onDemand } from '../base/on-demand.js';
import { UploadElement } from '../base/upload-element.js';
import type { CaptchaProvider, CaptchaService } from './captcha-providers.js';
import {
  fieldValidity,
  senderPayload,
  type Field,
  type FieldMode,
  type SenderFields,
} from './sender-fields.js';

export type { FieldMode } from './sender-fields.js';

export type { CaptchaProvider } from './captcha-providers.js';

/** The sender fields' view, fetched the first time a widget asks for a field. */
const useFieldsView = onDemand(() => import('./sender-fields-view.js'));

/** A file cancelled after it started still counts against the widget's allowance. */
function cancelledCountsText(): string {
  return msg('A file cancelled after it started still counts towards the files you can send.', {
    id: 'widget.cancelled-counts',
    desc: 'Under the number of files the visitor can still send: cancelling a file once its upload had started does not give its place back.',
  });
}

/**
 * The public "send us your files" widget of a Quatrix site.
 *
 * @summary Drop zone, file list and CAPTCHA flow over a Quatrix upload widget.
 * @tag quatrix-widget
 *
 * @csspart remaining - How many files may still be sent.
 * @csspart fields - The sender's name, e-mail and message.
 * @csspart required-mark - "(required)" after the label of a field that must be filled in.
 * @csspart success - The view after every file was sent.
 * @csspart dialog - The CAPTCHA dialog.
 * @csspart dialog-title - The CAPTCHA dialog's heading.
 * @csspart captcha - Where the CAPTCHA service draws its challenge.
 * @csspart captcha-waiting - After the CAPTCHA dialog was closed unsolved: that the files wait, and the button that opens it again.
 * @csspart label - The label of a field.
 * @csspart input - Every text field, text area, select and checkbox.
 * @csspart field-error - What is wrong with what was entered or asked (next to the field or the button).
 * @csspart success-text - A sentence that something worked.
 *
 * @fires {QuatrixEventDetails['quatrix-captcha-needed']} quatrix-captcha-needed - A CAPTCHA is demanded.
 * @fires {QuatrixEventDetails['quatrix-captcha-solved']} quatrix-captcha-solved - The CAPTCHA was solved.
 */
export class QuatrixWidget extends UploadElement {
  #captchaAbort: AbortController | undefined;
  #focusBeforeDialog: HTMLElement | null = null;
  /** The CAPTCHA dialog's view, fetched the first time a CAPTCHA is asked for. */
  #dialogView: typeof import('./captcha-dialog.js') | undefined;

  @state() private meta: WidgetMetadata | undefined;
  @state() private captchaState: 'closed' | 'open' | 'invalid' | 'unavailable' = 'closed';
  @state() private senderName = '';
  @state() private senderEmail = '';
  @state() private senderMessage = '';
  @state() private showFieldErrors = false;
  /** A file was cancelled after the site had counted it against the allowance. */
  @state() private cancelledCounted = false;

  /** Base URL of the Quatrix site, e.g. `https://acme.quatrix.it`. */
  @property({ attribute: 'site' }) site = '';
  /** Id of the widget on that site. */
  @property({ attribute: 'widget-id' }) widgetId = '';
  /** Files wait in the list for "Send 3 files" (a review) instead of going as soon as they are added. */
  @property({ type: Boolean, attribute: 'manual-start' }) manualStart = false;
  /** Ask for the sender's name: `hidden` (default), `optional` or `required`. */
  @property({ attribute: 'name-field' }) nameField: FieldMode = 'hidden';
  /** Ask for the sender's e-mail: `hidden` (default), `optional` or `required`. */
  @property({ attribute: 'email-field' }) emailField: FieldMode = 'hidden';
  /** Ask for a message: `hidden` (default), `optional` or `required`. */
  @property({ attribute: 'message-field' }) messageField: FieldMode = 'hidden';
  /**
   * Renders a CAPTCHA challenge and resolves with its token. Without it, the built-in service named by
   * `captcha` is used.
   */
  @property({ attribute: false }) captchaProvider: CaptchaProvider | undefined;
  /** The CAPTCHA service of the widget: `recaptcha`, `hcaptcha` or `turnstile`; its script loads only when a challenge is due. */
  @property({ attribute: 'captcha' }) captcha: CaptchaService | '' = '';
  /** The site key of that service. */
  @property({ attribute: 'captcha-site-key' }) captchaSiteKey = '';
  /** Where to load the service's script from, instead of its own address (e.g. a self-hosted copy). */
  @property({ attribute: 'captcha-script-url' }) captchaScriptUrl = '';

  protected override revive(): void {
    if (this.site && this.widgetId) this.#setUp();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if ((changed.has('site') || changed.has('widgetId')) && this.site && this.widgetId) this.#setUp();
  }

  /** Sends the files added so far (with `manual-start`); checks required sender fields first. */
  override start(): boolean {
    if (!this.#fieldsValid()) {
      this.showFieldErrors = true;
      return false;
    }
    if (this.uploader?.target instanceof WidgetTarget) this.uploader.target.payload = this.#payload();
    return super.start();
  }

  // ---- setting up ----------------------------------------------------------------------------------

  protected override beforeAdd(uploader: Uploader): void {
    if (uploader.target instanceof WidgetTarget) uploader.target.payload = this.#payload();
  }

  #setUp(): void {
    this.meta = undefined;
    const client = clientFor(this.site);
    if (client instanceof UploadError) return this.failSetUp(client);
    const target = new WidgetTarget(client, this.widgetId);
    const uploader = this.useTarget(target);
    uploader.on('all-done', () => void this.#refreshMeta(uploader, target));
    uploader.on('captcha-required', (d) => {
      emit(this, 'quatrix-captcha-needed', d);
      void this.#openCaptcha();
    });
    uploader.on('captcha-solved', (d) => emit(this, 'quatrix-captcha-solved', d));
    // Cancelled once it had started: the site counted it, and cancelling does not give it back.
    this.cancelledCounted = false;
    uploader.on('file-status', ({ file, previous }) => {
      const started = ['uploading', 'retrying', 'finalizing'].includes(previous) || file.bytesUploaded > 0;
      if (file.status !== 'cancelled' || !started || uploader.getState().filesRemaining === undefined) return;
      if (!this.cancelledCounted) this.announce(cancelledCountsText());
      this.cancelledCounted = true;
    });
    void this.#refreshMeta(uploader, target);
  }

  /** The widget's facts through the engine, whose next file uses the same answer. */
  async #refreshMeta(uploader: Uploader, target: WidgetTarget): Promise<void> {
    try {
      // The allowance shown is worth a few tries; a file that goes asks with the engine's own.
      await uploader.checkTarget({ maxRetries: 3 });
      // Latest wins: the answer for a site or widget this element has left since is dropped.
      if (this.uploader === uploader) this.meta = target.metadata;
    } catch (error) {
      const failure = toUploadError(error);
      if (failure.fatal && this.uploader === uploader) this.setFatal(failure);
    }
  }

  // ---- sender fields and form --------------------------------------------------------------------

  #senderFields(): SenderFields {
    return {
      modes: { name: this.nameField, email: this.emailField, message: this.messageField },
      values: { name: this.senderName, email: this.senderEmail, message: this.senderMessage },
    };
  }

  #payload(): Record<string, unknown> | undefined {
    return senderPayload(this.#senderFields());
  }

  #fieldsValid(): boolean {
    const valid = fieldValidity(this.#senderFields());
    return valid.name && valid.email && valid.message;
  }

  // ---- CAPTCHA -----------------------------------------------------------------------------------

  /** The provider in use: the property, else the built-in service configured by attributes. */
  #provider(): CaptchaProvider | undefined {
    if (this.captchaProvider) return this.captchaProvider;
    const { captcha, captchaSiteKey, captchaScriptUrl } = this;
    if (captcha && captchaSiteKey) {
      // Fetched only when a CAPTCHA is asked for: most visits never need one.
      return async (container, options) => {
        const { serviceCaptchaProvider } = await import('./captcha-providers.js');
        return serviceCaptchaProvider(captcha, captchaSiteKey, captchaScriptUrl)(container, options);
      };
    }
    return undefined;
  }

  #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  async #openCaptcha(): Promise<void> {
    if (this.captchaState !== 'closed') return;
    try {
      // Most visits never see the dialog: its code comes when a CAPTCHA is asked for.
      this.#dialogView ??= await import('./captcha-dialog.js');
    } catch {
      // Not fetched (offline for a moment): the files wait, and "Confirm and send" tries again.
      this.requestUpdate();
      return;
    }
    await this.updateComplete;
    this.#focusBeforeDialog =
      (this.shadowRoot?.activeElement as HTMLElement | null) ??
      (document.activeElement as HTMLElement | null);
    this.captchaState = this.#provider() ? 'open' : 'unavailable';
    await this.updateComplete;
    const dialog = this.#dialog();
    if (dialog && !dialog.open) dialog.showModal();
    if (this.#provider()) await this.#runCaptcha();
  }

  async #runCaptcha(): Promise<void> {
    const provider = this.#provider();
    const uploader = this.uploader;
    if (!provider || !uploader) return;
    this.#captchaAbort?.abort();
    const abort = (this.#captchaAbort = new AbortController());
    const container = this.renderRoot.querySelector<HTMLElement>('.captcha-container')!;
    container.replaceChildren();
    try {
      const token = await provider(container, { signal: abort.signal });
      if (abort.signal.aborted) return;
      if (await uploader.solveCaptcha(token)) {
        this.announce(
          msg('Thank you. Sending continues.', {
            id: 'widget.captcha.solved',
            desc: 'Announced to screen readers after the CAPTCHA was solved.',
          }),
        );
        this.#closeCaptcha();
      } else {
        this.captchaState = 'invalid';
        await this.#runCaptcha();
      }
    } catch {
      if (!abort.signal.aborted) this.captchaState = 'invalid';
    }
  }

  #closeCaptcha(): void {
    this.#captchaAbort?.abort();
    this.captchaState = 'closed';
    const dialog = this.#dialog();
    if (dialog?.open) dialog.close();
    if (this.uploader?.getState().captchaRequired) {
      // Closed without confirming: the files wait, and the way on is the button that says so.
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLButtonElement>('[part=captcha-waiting] button')?.focus(),
      );
    } else this.#focusBeforeDialog?.focus?.();
  }

  /** Files wait for a CAPTCHA whose dialog was closed: say so, and offer it again. */
  #renderCaptchaWaiting(): TemplateResult | typeof nothing {
    if (this.captchaState !== 'closed' || !this.controller.state?.captchaRequired) return nothing;
    // The button says why the files wait, too: focus goes to it when the dialog closes.
    return html`<div part="captcha-waiting" class="fields">
      <p part="hint" class="hint" id="captcha-waiting-text">
        ${msg('Your files are waiting until you confirm that you are not a robot.', { id: 'widget.captcha.waiting', desc: 'Shown in the widget after the CAPTCHA dialog was closed without solving it: the chosen files wait.' })}
      </p>
      <div part="actions">
        <button
          part="button"
          class="primary"
          type="button"
          aria-describedby="captcha-waiting-text"
          @click=${() => void this.#openCaptcha()}
        >
          ${msg('Confirm and send', { id: 'widget.captcha.reopen', desc: 'Button that opens the CAPTCHA again, so that the waiting files are sent.' })}
        </button>
      </div>
    </div>`;
  }

  // ---- rendering ---------------------------------------------------------------------------------

  /** The sender fields asked for; their view is fetched the first time a widget asks for one. */
  #renderFields(): TemplateResult | typeof nothing {
    const fields = this.#senderFields();
    if (Object.values(fields.modes).every((mode) => mode === 'hidden')) return nothing;
    const view = useFieldsView(() => this.requestUpdate());
    return (
      view?.renderSenderFields(fields, {
        showErrors: this.showFieldErrors,
        onInput: (field: Field, value: string) => {
          if (field === 'name') this.senderName = value;
          else if (field === 'email') this.senderEmail = value;
          else this.senderMessage = value;
        },
      }) ?? nothing
    );
  }

  #renderDialog(): TemplateResult | typeof nothing {
    return (
      this.#dialogView?.renderCaptchaDialog({
        state: this.captchaState,
        onCancel: (e) => {
          e.preventDefault();
          this.#closeCaptcha();
        },
        onRetry: () => void this.#runCaptcha(),
        onClose: () => this.#closeCaptcha(),
      }) ?? nothing
    );
  }

  #renderBody(): TemplateResult {
    const state = this.controller.state;
    if (this.fatal) {
      return html`<p part="error" class="error">${describeError(this.fatal)}</p>`;
    }
    const files = state?.files ?? [];
    const done = files.filter((f) => f.status === 'done');
    const ended = files.length > 0 && files.every((f) => ['done', 'failed', 'cancelled'].includes(f.status));
    if (ended && done.length > 0 && done.length === files.filter((f) => f.status !== 'cancelled').length) {
      return html`<div part="success">
        <p part="success-text" class="success">${filesSentText(done.length)}</p>
        ${renderSentNames(done.map((f) => f.relativePath))}
        <button part="button" type="button" @click=${() => this.reset()}>
          ${msg('Send more files', { id: 'widget.send-more', desc: 'Button after success: send more files.' })}
        </button>
      </div>`;
    }
    const remaining = state?.filesRemaining ?? this.meta?.filesRemaining;
    return html`${remaining !== undefined ? html`<p part="remaining" class="remaining">${filesRemainingText(remaining)}</p>` : nothing}
    ${this.cancelledCounted ? html`<p part="hint" class="hint">${cancelledCountsText()}</p>` : nothing}
    ${
      // Nothing more can be sent: no fields to fill in, no drop zone.
      remaining === 0 ? nothing : html`${this.#renderFields()} ${this.renderDropZone()}`
    }
    ${this.#renderCaptchaWaiting()} ${this.renderFiles()}`;
  }

  /** With `manual-start` or required sender fields, files wait for "Send 3 files", as in a review. */
  protected override get reviewByDefault(): boolean {
    return this.manualStart || this.#needsFields();
  }

  protected override startLabel(count: number): string {
    return sendFilesText(count);
  }

  #needsFields(): boolean {
    return [this.nameField, this.emailField, this.messageField].includes('required');
  }

  protected override render(): TemplateResult {
    return this.renderFrame(
      msg('Send us your files', {
        id: 'widget.headline',
        desc: 'Heading of the public upload widget on a website.',
      }),
      html`${this.#renderBody()} ${this.#renderDialog()} ${this.renderLiveRegion()}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'quatrix-widget': QuatrixWidget;
  }
}
