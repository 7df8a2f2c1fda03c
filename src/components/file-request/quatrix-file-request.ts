import { msg } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  isSignInRequired,
  type QuatrixClient,
  QuatrixCode,
  QuatrixError,
  type FilesReturnMetadata,
} from '../../api/index.js';
import { emit } from '../../events/index.js';
import { FileRequestTarget, toUploadError, UploadError } from '../../upload/index.js';
import { renderSentNames } from '../parts/sent-names.js';
import { describeError, retryingText, sendFilesText, sendWaitsText } from '../../localization/messages.js';
import { renderTryAgain } from '../parts/try-again.js';
import { RetryController } from '../../controllers/retry-controller.js';
import { clientFor } from '../base/credentials.js';
import { UploadElement } from '../base/upload-element.js';
import type { EncryptionSummary } from './encryption-summary.js';
import { renderRequest } from './request-summary.js';

/**
 * The page a customer opens to answer a Quatrix file request: who asks and why, a sign-in when the
 * request is for signed-in recipients only (with the second factor their account asks for), a PIN when
 * the request is protected, the upload, then a Send step with an optional message.
 *
 * @summary Answer a file request: sign-in or PIN, upload, send with a message.
 * @tag quatrix-file-request
 *
 * @slot headline - Replaces the heading (the request's subject).
 *
 * @csspart request - Who asks, the message and the deadline.
 * @csspart request-message - The requester's message.
 * @csspart encryption - The line saying that files are encrypted for the requester (a request that demands it).
 * @csspart fingerprint - The disclosure with the fingerprint of the requester's key (a request that demands encryption).
 * @csspart fingerprint-value - The fingerprint itself, in groups of four hexadecimal digits.
 * @csspart pin-form - The PIN prompt.
 * @csspart sign-in-form - The sign-in form (e-mail and password, then the second factor's code).
 * @csspart sign-out - The button that signs the recipient out.
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
  readonly #calls = new RetryController(this);
  #forms: typeof import('./forms.js') | undefined;
  #client: QuatrixClient | undefined;
  #target: FileRequestTarget | undefined;

  @state() private request: FilesReturnMetadata | undefined;
  @state() private pinState: 'none' | 'needed' | 'wrong' | 'checking' = 'none';
  @state() private sending = false;
  @state() private sent: string[] | undefined;
  @state() private sendError: UploadError | undefined;
  @state() private message = '';
  /**
   * The sign-in a request that forces it needs: `credentials` (e-mail and password), `code` (the
   * second factor after a 207), `wrong` / `code-wrong` after a refusal, `checking` while asked.
   */
  @state() private signIn: 'none' | 'credentials' | 'wrong' | 'code' | 'code-wrong' | 'checking' = 'none';
  /** Which second factor the login asked for. */
  @state() private secondFactor: '2FA' | 'PIN' = '2FA';
  /** Whether this element signed the recipient in (and so may sign them out). */
  @state() private signedIn = false;
  @state() private signInError: UploadError | undefined;
  /** The session ended under the engine: signing in again sets up a new one that continues its files. */
  #sessionEnded = false;
  /** Loading the request failed for a reason that may pass (network, server): "Try again" is offered. */
  @state() private loadError: UploadError | undefined;
  /** What the page says of encryption, for a request that demands it. */
  #encryption: EncryptionSummary | undefined;

  /** Base URL of the Quatrix site. */
  @property({ attribute: 'site' }) site = '';
  /** Id of the file request. */
  @property({ attribute: 'request-id' }) requestId = '';
  /**
   * A session the page already holds (from `login()`), for a request whose recipients must sign in:
   * the sign-in form is then skipped. A secret: a property only, kept in memory, never an attribute.
   */
  @property({ attribute: false }) sessionToken: string | undefined;

  /** A request's recipient may be anyone: without the request's own language, theirs comes before the site's. */
  protected override get speaksToOneReader(): boolean {
    return true;
  }

  protected override requestLocale(): string | undefined {
    return this.request?.locale;
  }

  /** A recipient reviews the files chosen before they go: on unless `review="off"`. */
  protected override get reviewByDefault(): boolean {
    return true;
  }

  protected override revive(): void {
    if (this.site && this.requestId) this.#setUp();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const changedTarget = changed.has('site') || changed.has('requestId');
    if (!(changedTarget || changed.has('sessionToken')) || !this.site) return;
    if (this.requestId) this.#setUp();
    // A link cut short: say so, rather than 'Loading…' for ever.
    else this.failSetUp(unknownRequest('no request id'));
  }

  #setUp(): void {
    this.#calls.reset();
    this.loadError = undefined;
    this.request = undefined;
    this.#encryption = undefined;
    this.sent = undefined;
    this.pinState = 'none';
    this.signIn = 'none';
    this.signedIn = false;
    this.#sessionEnded = false;
    const client = clientFor(this.site, { sessionToken: this.sessionToken });
    if (client instanceof UploadError) {
      this.#client = undefined;
      this.#target = undefined;
      return this.failSetUp(client);
    }
    this.#client = client;
    this.#useRequest(client);
    void this.#load();
  }

  /**
   * An engine for this request through `client`. Given the same place as the engine before, it
   * continues the files a session that ended had stopped.
   */
  #useRequest(client: QuatrixClient): void {
    this.#target = new FileRequestTarget(client, this.requestId);
    this.useTarget(this.#target, {}, `${this.site} ${this.requestId}`);
  }

  /** The sign-in form, empty, for a request that wants a signed-in recipient or a session that ended. */
  #askToSignIn(client: QuatrixClient): void {
    this.signIn = 'credentials';
    this.signedIn = false;
    if (client.auth.type !== 'none') client.auth = { type: 'none' };
  }

  /**
   * The session ended while files were on their way: the sign-in form comes back, saying so (once, as
   * its alert), instead of a dead end; signing in again continues the files that stopped.
   */
  protected override setFatal(error: UploadError, announce = true): void {
    const client = this.#client;
    if (error.reason !== 'unauthorized' || error.details.signedOut === true || !client || !this.#forms) {
      super.setFatal(error, announce);
      return;
    }
    this.#sessionEnded = true;
    this.signInError = error;
    this.#askToSignIn(client);
  }

  async #load(): Promise<void> {
    const client = this.#client;
    const uploader = this.uploader;
    const target = this.#target;
    if (!client || !uploader || !target) return;
    const signal = this.#calls.signal;
    this.loadError = undefined;
    try {
      // Through the engine: the request it reads is the one its files go to, asked for once.
      await this.#calls.call((options) => uploader.checkTarget(options));
      if (signal?.aborted) return;
      this.request = target.metadata;
      this.#encryption = undefined;
      if (this.request?.returnPgpEncrypted) void this.#loadEncryption(this.request);
      this.pinState = 'none';
    } catch (error) {
      if (signal?.aborted) return;
      const failure = toUploadError(error);
      if (failure.reason === 'network' || failure.reason === 'server') {
        // Still failing after the retries: say so, with a button that tries again.
        this.loadError = failure;
        return;
      }
      const pin = error instanceof QuatrixError && error.code === QuatrixCode.NotAllowedWithoutPin;
      if ((pin || isSignInRequired(error)) && !(await this.#loadForms())) return;
      if (pin) {
        this.pinState = 'needed';
        return;
      }
      if (isSignInRequired(error)) {
        // The request is for signed-in recipients (`request_auth`), or the session given has ended.
        this.pinState = 'none';
        this.#askToSignIn(client);
        return;
      }
      // An unknown request (withdrawn, or a mistyped id) is not a missing folder.
      this.setFatal(failure.reason === 'not-found' ? unknownRequest(failure.message, error) : failure);
    }
  }

  async #focusField(name: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`input[name=${name}]`)?.focus();
  }

  async #submitSignIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const client = this.#client;
    if (!client || this.signIn === 'checking') return;
    const form = new FormData(event.target as HTMLFormElement);
    const askingCode = this.signIn === 'code' || this.signIn === 'code-wrong';
    this.signInError = undefined;
    try {
      if (askingCode) {
        const code = String(form.get('code') ?? '').trim();
        if (!code) return;
        this.signIn = 'checking';
        await this.#calls.run((signal) => client.completeLogin(this.secondFactor, code, { signal }));
      } else {
        const email = String(form.get('email') ?? '').trim();
        const password = String(form.get('password') ?? '');
        if (!email || !password) return;
        this.signIn = 'checking';
        const result = await this.#calls.run((signal) => client.login(email, password, { signal }));
        if (result.mfaRequired) {
          this.secondFactor = result.mfaCode === QuatrixCode.NotAllowedWithoutPin ? 'PIN' : '2FA';
          this.signIn = 'code';
          await this.#focusField('code');
          return;
        }
      }
      this.signIn = 'none';
      this.signedIn = true;
      if (this.#sessionEnded) {
        // The engine ended with the old session: a new one, for the same place, takes its files on.
        this.#sessionEnded = false;
        this.#useRequest(client);
      }
      this.announce(
        msg('Signed in.', {
          id: 'request.signin.done',
          desc: 'Announced to screen readers: the recipient is signed in.',
        }),
      );
      await this.#load();
    } catch (error) {
      if (error instanceof QuatrixError && error.status === 401) {
        // A refused password keeps the form; a refused code asks for the code again.
        this.signIn = askingCode ? 'code-wrong' : 'wrong';
        if (!askingCode) client.auth = { type: 'none' };
        await this.#focusField(askingCode ? 'code' : 'password');
        return;
      }
      this.signIn = askingCode ? 'code' : 'credentials';
      this.signInError = toUploadError(error);
    }
  }

  /** Signs the recipient out (when this element signed them in) and shows the sign-in again. */
  async signOut(): Promise<void> {
    const client = this.#client;
    if (!client || client.auth.type !== 'session') return;
    this.uploader?.cancel();
    try {
      await client.logout();
    } catch {
      // The session may have ended already: either way, this page holds no session any more.
    }
    client.auth = { type: 'none' };
    // A token given by the page is dropped too; its change sets the element up again.
    if (this.sessionToken === undefined) this.#setUp();
    else this.sessionToken = undefined;
    this.announce(
      msg('Signed out.', {
        id: 'request.signout.done',
        desc: 'Announced to screen readers: the recipient is signed out.',
      }),
    );
  }

  async #submitPin(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const pin = String(new FormData(event.target as HTMLFormElement).get('pin') ?? '').trim();
    const uploader = this.uploader;
    if (!pin || !uploader) return;
    this.pinState = 'checking';
    this.signInError = undefined;
    try {
      // The engine's PIN: the files waiting for it go on by themselves.
      await this.#calls.call((options) => uploader.submitPin(pin, options));
      await this.#load();
    } catch (error) {
      if (error instanceof QuatrixError && error.code === QuatrixCode.FailedPin) {
        this.pinState = 'wrong';
        await this.updateComplete;
        // Emptied for the next try, as a password field is.
        const field = this.renderRoot.querySelector<HTMLInputElement>('input[name=pin]');
        if (field) field.value = '';
        field?.focus();
        return;
      }
      const failure = toUploadError(error);
      if (failure.reason === 'network' || failure.reason === 'server') {
        // Still failing after the retries: the form stays, with the reason; Continue tries again.
        this.pinState = 'needed';
        this.signInError = failure;
        return;
      }
      this.setFatal(failure);
    }
  }

  /** Returns the uploaded files to the requester, with the message typed in. */
  async send(): Promise<boolean> {
    const files = (this.controller.state?.files ?? []).filter((f) => f.status === 'done' && f.result);
    if (!this.#target || files.length === 0 || this.sending) return false;
    this.sending = true;
    this.sendError = undefined;
    try {
      const ids = files.map((f) => f.result!.fileId);
      const target = this.#target;
      const message = this.message.trim() || undefined;
      await this.#calls.run((signal) => target.send(ids, message, { signal }));
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

  /** Why a form's last try failed (other than a wrong entry), or that it is being tried again. */
  #renderFormProblem(): TemplateResult {
    return html`${this.signInError ? html`<p part="field-error" class="error" role="alert">${describeError(this.signInError)}</p>` : nothing}
    ${this.#calls.retrying ? html`<p part="hint" class="hint" role="status">${retryingText()}</p>` : nothing}`;
  }

  #renderSignOut(): TemplateResult | typeof nothing {
    if (!this.signedIn && !this.sessionToken) return nothing;
    return html`<div part="actions">
      <button part="button sign-out" type="button" @click=${() => void this.signOut()}>
        ${msg('Sign out', { id: 'request.signout', desc: 'Button that signs the recipient out.' })}
      </button>
    </div>`;
  }

  #renderSend(): TemplateResult | typeof nothing {
    const files = this.controller.state?.files ?? [];
    const done = files.filter((f) => f.status === 'done');
    if (done.length === 0) return nothing;
    // What Send will return: the finished files and those still on their way.
    const going = files.filter((f) => !['done', 'failed', 'cancelled'].includes(f.status));
    const total = done.length + going.length;
    // Not yet: the button stays in the tab order (aria-disabled) and the line under it says why.
    const waiting = going.length > 0 || this.sending;
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
      ${this.#calls.retrying ? html`<p part="hint" class="hint" role="status">${retryingText()}</p>` : nothing}
      <div part="actions">
        <button
          part="button"
          class="primary"
          type="button"
          aria-disabled=${waiting ? 'true' : 'false'}
          aria-describedby=${going.length > 0 ? 'send-waits' : nothing}
          @click=${() => {
            if (!waiting) void this.send();
          }}
        >
          ${sendFilesText(total)}
        </button>
      </div>
      ${
        going.length > 0
          ? html`<p part="hint" class="hint" id="send-waits">${sendWaitsText(done.length, total)}</p>`
          : nothing
      }
    </div>`;
  }

  /**
   * What the page says of encryption, a chunk of its own fetched for a request that demands it (which
   * fetches the encryption code anyway). Offline for a moment, the line is missing; the engine, which
   * needs the encryption code too, sends nothing.
   */
  async #loadEncryption(request: FilesReturnMetadata): Promise<void> {
    try {
      const { EncryptionSummary } = await import('./encryption-summary.js');
      if (this.request !== request) return;
      this.#encryption = new EncryptionSummary(request.senderKey, () => this.requestUpdate());
      this.requestUpdate();
    } catch {
      // Nothing to show; nothing is sent either.
    }
  }

  /**
   * The PIN and sign-in forms, fetched the first time a request needs one (most need neither). Failing
   * to fetch them (offline) offers "Try again", as a failed load does.
   */
  async #loadForms(): Promise<boolean> {
    try {
      this.#forms ??= await import('./forms.js');
      return true;
    } catch (error) {
      this.loadError = new UploadError('network', 'could not load the form', { cause: error });
      return false;
    }
  }

  #renderBody(): TemplateResult {
    if (this.fatal) return html`<p part="error" class="error">${describeError(this.fatal)}</p>`;
    if (this.loadError && !this.request) return renderTryAgain(this.loadError, () => void this.#load());
    const forms = this.#forms;
    if (forms && this.signIn !== 'none')
      return forms.renderSignInForm({
        state: this.signIn,
        secondFactor: this.secondFactor,
        onSubmit: (e) => void this.#submitSignIn(e),
        problem: this.#renderFormProblem(),
      });
    if (forms && this.pinState !== 'none')
      return forms.renderPinForm({
        state: this.pinState,
        onSubmit: (e) => void this.#submitPin(e),
        problem: this.#renderFormProblem(),
      });
    if (!this.request)
      return html`<p part="hint" class="hint" role="status">
        ${this.#calls.retrying ? retryingText() : msg('Loading…', { id: 'request.loading', desc: 'Shown while the request is loading.' })}
      </p>`;
    if (this.sent) {
      return html`<div part="success">
          <p part="success-text" class="success">
            ${msg('Your files were sent. Thank you!', { id: 'request.sent.title', desc: 'Confirmation after the files were returned to the requester.' })}
          </p>
          ${renderSentNames(this.sent)}
        </div>
        ${this.#renderSignOut()}`;
    }
    return html`${renderRequest(this.request, this.#encryption?.render())} ${this.renderDropZone()}
    ${this.renderFiles()} ${this.#renderSend()} ${this.#renderSignOut()}`;
  }

  protected override render(): TemplateResult {
    return this.renderFrame(
      // A server may leave the subject out (or empty): the heading still says what the page is.
      this.request?.subject ||
        msg('File request', {
          id: 'request.headline',
          desc: 'Heading of the page that answers a file request, when the request has no subject.',
        }),
      html`${this.#renderBody()} ${this.renderLiveRegion()}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'quatrix-file-request': QuatrixFileRequest;
  }
}

/** The file request is unknown to the site: withdrawn, or its link has no (or a cut) request id. */
function unknownRequest(message: string, cause?: unknown): UploadError {
  return new UploadError('not-found', message, { cause, details: { request: true } });
}
