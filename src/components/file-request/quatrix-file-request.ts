import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { QuatrixClient, QuatrixCode, QuatrixError, type FilesReturnMetadata } from '../../api/index.js';
import { emit } from '../../events/index.js';
import { FileRequestTarget, toUploadError, UploadError } from '../../upload/index.js';
import { renderSentNames } from '../shared/file-list.js';
import { formatDateTime } from '../shared/format.js';
import { describeError, requestMaxText, sendFilesText } from '../shared/messages.js';
import { UploadElement } from '../shared/upload-element.js';

/**
 * The page a customer opens to answer a Quatrix file request: who asks and why, a PIN when the request
 * is protected, the upload, then a Send step with an optional message.
 *
 * @summary Answer a file request: PIN, upload, send with a message.
 * @tag quatrix-file-request
 *
 * @slot headline - Replaces the heading (the request's subject).
 *
 * @csspart request - Who asks, the message and the deadline.
 * @csspart request-message - The requester's message.
 * @csspart pin-form - The PIN prompt.
 * @csspart send - The message and the Send button.
 * @csspart success - The confirmation after sending.
 * @csspart label - The label of a field.
 * @csspart input - Every text field, text area, select and checkbox.
 * @csspart field-error - What is wrong with what was entered or asked (next to the field or the button).
 * @csspart success-text - A sentence that something worked.
 *
 * @fires {QuatrixEventDetails['quatrix-request-sent']} quatrix-request-sent - The files were returned.
 */
export class QuatrixFileRequest extends UploadElement {
  private client: QuatrixClient | undefined;
  private target: FileRequestTarget | undefined;

  @state() private request: FilesReturnMetadata | undefined;
  @state() private pinState: 'none' | 'needed' | 'wrong' | 'checking' = 'none';
  @state() private sending = false;
  @state() private sent: string[] | undefined;
  @state() private sendError: UploadError | undefined;
  @state() private message = '';

  /** Base URL of the Quatrix site. */
  @property({ attribute: 'site' }) site = '';
  /** Id of the file request. */
  @property({ attribute: 'request-id' }) requestId = '';

  protected override requestLocale(): string | undefined {
    return this.request?.locale;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('site') || changed.has('requestId')) && this.site && this.requestId) this.setUp();
  }

  private setUp(): void {
    this.request = undefined;
    this.sent = undefined;
    this.pinState = 'none';
    try {
      this.client = new QuatrixClient({ site: this.site });
    } catch (error) {
      this.fatal = new UploadError('setup', error instanceof Error ? error.message : String(error));
      return;
    }
    this.target = new FileRequestTarget(this.client, this.requestId);
    this.useTarget(this.target);
    void this.load();
  }

  private async load(): Promise<void> {
    if (!this.client) return;
    try {
      this.request = await this.client.getFilesReturnMetadata(this.requestId);
      this.pinState = 'none';
    } catch (error) {
      if (error instanceof QuatrixError && error.code === QuatrixCode.NotAllowedWithoutPin) {
        this.pinState = 'needed';
        return;
      }
      this.setFatal(toUploadError(error));
    }
  }

  private async submitPin(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const pin = String(new FormData(event.target as HTMLFormElement).get('pin') ?? '').trim();
    if (!pin || !this.client) return;
    this.pinState = 'checking';
    try {
      await this.client.loginSharePin(this.requestId, pin);
      await this.load();
    } catch (error) {
      if (error instanceof QuatrixError && error.code === QuatrixCode.FailedPin) {
        this.pinState = 'wrong';
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLInputElement>('input[name=pin]')?.focus();
        return;
      }
      this.setFatal(toUploadError(error));
    }
  }

  /** Returns the uploaded files to the requester, with the message typed in. */
  async send(): Promise<boolean> {
    const files = (this.controller.state?.files ?? []).filter((f) => f.status === 'done' && f.result);
    if (!this.target || files.length === 0 || this.sending) return false;
    this.sending = true;
    this.sendError = undefined;
    try {
      const ids = files.map((f) => f.result!.fileId);
      await this.target.send(ids, this.message.trim() || undefined);
      this.sent = files.map((f) => f.relativePath);
      emit(this, 'quatrix-request-sent', { fileIds: ids, message: this.message.trim() });
      this.announce(
        msg('Your files were sent.', {
          id: 'request.sent',
          desc: 'Announced to screen readers: the files were returned to the requester.',
        }),
      );
      return true;
    } catch (error) {
      this.sendError = toUploadError(error);
      return false;
    } finally {
      this.sending = false;
    }
  }

  private renderRequest(r: FilesReturnMetadata): TemplateResult {
    const who = r.senderName || r.senderEmail;
    const deadline = r.expires > 0 ? formatDateTime(r.expires * 1000) : '';
    return html`<div part="request" class="fields">
      <p part="hint" class="hint">
        ${msg(str`${who} asks you for files.`, { id: 'request.who', desc: "Who asks: a person's name or e-mail address." })}${r.senderEmail && r.senderName ? html` <span>(${r.senderEmail})</span>` : nothing}
      </p>
      ${r.message ? html`<p part="request-message" class="message">${r.message}</p>` : nothing}
      ${deadline ? html`<p part="hint" class="hint">${msg(str`Please send them by ${deadline}.`, { id: 'request.deadline', desc: 'Deadline of a file request; the placeholder is a date and time.' })}</p>` : nothing}
      <p part="hint" class="hint">${requestMaxText(r.filesPerShare)}</p>
    </div>`;
  }

  private renderPin(): TemplateResult {
    return html`<form part="pin-form" class="fields" @submit=${this.submitPin}>
      <p part="hint">
        ${msg('This request is protected. Enter the PIN you were given.', { id: 'request.pin.prompt', desc: 'The file request is protected with a PIN (a short number code).' })}
      </p>
      <label part="label"
        >${msg('PIN', { id: 'request.pin.label', desc: 'Label of the PIN field.' })}
        <input
          part="input"
          name="pin"
          inputmode="numeric"
          autocomplete="one-time-code"
          required
          aria-invalid=${this.pinState === 'wrong' ? 'true' : 'false'}
        />
      </label>
      ${this.pinState === 'wrong' ? html`<p part="field-error" class="error" role="alert">${msg('That PIN is incorrect. Try again.', { id: 'request.pin.wrong', desc: 'Error: the PIN entered is wrong.' })}</p>` : nothing}
      <div part="actions">
        <button part="button" class="primary" type="submit" ?disabled=${this.pinState === 'checking'}>
          ${msg('Continue', { id: 'request.pin.submit', desc: 'Button that checks the PIN.' })}
        </button>
      </div>
    </form>`;
  }

  private renderSend(): TemplateResult | typeof nothing {
    const files = this.controller.state?.files ?? [];
    const done = files.filter((f) => f.status === 'done');
    if (done.length === 0) return nothing;
    const busy = files.some((f) => !['done', 'failed', 'cancelled'].includes(f.status));
    return html`<div part="send" class="fields">
      <label part="label"
        >${msg('Message (optional)', { id: 'request.message', desc: 'Label of an optional message to the requester, sent with the files.' })}
        <textarea
          part="input"
          name="message"
          rows="3"
          .value=${this.message}
          @input=${(e: Event) => (this.message = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
      </label>
      ${this.sendError ? html`<p part="field-error" class="error" role="alert">${describeError(this.sendError)}</p>` : nothing}
      <div part="actions">
        <button
          part="button"
          class="primary"
          type="button"
          ?disabled=${busy || this.sending}
          @click=${() => void this.send()}
        >
          ${sendFilesText(done.length)}
        </button>
      </div>
    </div>`;
  }

  private renderBody(): TemplateResult {
    if (this.fatal) return html`<p part="error" class="error" role="alert">${describeError(this.fatal)}</p>`;
    if (this.pinState !== 'none') return this.renderPin();
    if (!this.request)
      return html`<p part="hint" class="hint">
        ${msg('Loading…', { id: 'request.loading', desc: 'Shown while the request is loading.' })}
      </p>`;
    if (this.sent) {
      return html`<div part="success">
        <p part="success-text" class="success">
          ${msg('Your files were sent. Thank you!', { id: 'request.sent.title', desc: 'Confirmation after the files were returned to the requester.' })}
        </p>
        ${renderSentNames(this.sent)}
      </div>`;
    }
    return html`${this.renderRequest(this.request)} ${this.renderDropZone()} ${this.renderFiles()}
    ${this.renderSend()}`;
  }

  protected override render(): TemplateResult {
    return this.renderFrame(
      this.request?.subject ??
        msg('File request', {
          id: 'request.headline',
          desc: 'Heading of the page that answers a file request, when the request has no subject.',
        }),
      html`${this.renderBody()} ${this.renderLiveRegion()}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'quatrix-file-request': QuatrixFileRequest;
  }
}
