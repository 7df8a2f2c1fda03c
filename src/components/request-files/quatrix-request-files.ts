import { msg } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Contact, FileMetadata, QuatrixClient, ShareRequestResult } from '../../api/index.js';
import { isFolderType } from '../../api/wire.js';
import { emit } from '../../events/index.js';
import { toUploadError, UploadError } from '../../upload/errors.js';
import { clientFor } from '../base/credentials.js';
import { describeError } from '../../localization/errors.js';
import { retryingText } from '../../localization/status.js';
import { renderTryAgain } from '../parts/try-again.js';
import { RetryController } from '../../controllers/retry-controller.js';
import { QuatrixElement } from '../base/quatrix-element.js';
import { EncryptionChoice } from './encryption-choice.js';

/**
 * For a signed-in Quatrix user: ask contacts to send files into a folder, and get the link to share.
 *
 * @summary Create a file request: contacts, message, target folder, then the link with a copy button.
 * @tag quatrix-request-files
 *
 * @csspart contacts - The list of contacts to choose from.
 * @csspart message - The message field.
 * @csspart folder - The target folder choice.
 * @csspart encryption - The choice of encrypted returns (shown when PGP is on for the site).
 * @csspart link - The created request's link.
 * @csspart label - The label of a field.
 * @csspart input - Every text field, text area, select and checkbox.
 * @csspart field-error - What is wrong with what was entered or asked (next to the field or the button).
 * @csspart success-text - A sentence that something worked.
 *
 * @fires {QuatrixEventDetails['quatrix-request-created']} quatrix-request-created - The request was created.
 */
export class QuatrixRequestFiles extends QuatrixElement {
  readonly #calls = new RetryController(this);
  #client: QuatrixClient | undefined;

  @state() private contacts: Contact[] | undefined;
  @state() private folders: FileMetadata[] = [];
  @state() private chosen = new Set<string>();
  @state() private message = '';
  @state() private folder = '';
  /** Recipients must sign in to answer (`request_auth`); on by default, as the API. */
  @state() private requireSignIn = true;
  /** Quatrix e-mails the request to the recipients (`send_email`); on by default, as the API. */
  @state() private sendEmail = true;
  /** The choice of encrypted returns, once the site and the user's key allow it. */
  @state() private encryption: EncryptionChoice | undefined;
  @state() private created: ShareRequestResult | undefined;
  @state() private problem: UploadError | undefined;
  @state() private fatal: UploadError | undefined;
  @state() private busy = false;
  /** Loading failed for a reason that may pass: "Try again" is offered. */
  @state() private loadError: UploadError | undefined;
  @state() private copyState: 'idle' | 'copied' | 'failed' = 'idle';
  @state() private showErrors = false;

  /** Base URL of the Quatrix site. */
  @property({ attribute: 'site' }) site = '';
  /** Folder that receives the returned files (its sub-folders are offered too). */
  @property({ attribute: 'folder-id' }) folderId = '';
  /** An API key. A secret: a property only, never an attribute. */
  @property({ attribute: false }) apiKey: string | undefined;
  /** A session token from `login()`. A secret: a property only. */
  @property({ attribute: false }) sessionToken: string | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((['site', 'folderId', 'apiKey', 'sessionToken'] as const).some((k) => changed.has(k)) && this.site)
      this.#setUp();
  }

  #setUp(): void {
    this.#calls.reset();
    this.loadError = undefined;
    this.contacts = undefined;
    this.created = undefined;
    this.fatal = undefined;
    const client = clientFor(this.site, {
      apiKey: this.apiKey,
      sessionToken: this.sessionToken,
      required: true,
    });
    if (client instanceof UploadError) {
      this.#client = undefined;
      this.fatal = client;
      emit(this, 'quatrix-error', { error: client });
      return;
    }
    this.#client = client;
    this.encryption = undefined;
    void this.#load(this.#client);
    void this.#offerEncryption(this.#client);
  }

  /** Offers encrypted returns where the site and the user's key allow it; else the form stays as it is. */
  async #offerEncryption(client: QuatrixClient): Promise<void> {
    const signal = this.#calls.signal;
    const choice = await EncryptionChoice.check(client, () => this.requestUpdate(), signal);
    if (!signal?.aborted && this.#client === client) this.encryption = choice;
  }

  async #load(client: QuatrixClient): Promise<void> {
    const signal = this.#calls.signal;
    this.loadError = undefined;
    try {
      const [contacts, folder] = await Promise.all([
        this.#calls.run((s) => client.listContacts({ signal: s })),
        this.folderId
          ? this.#calls.run((s) => client.getFileMetadata(this.folderId, { signal: s }))
          : Promise.resolve(undefined),
      ]);
      if (signal?.aborted) return;
      this.contacts = contacts;
      this.folders = folder ? [folder, ...folder.content.filter((f) => isFolderType(f.type))] : [];
      this.folder = folder?.id ?? '';
    } catch (error) {
      if (signal?.aborted) return;
      const failure = toUploadError(error);
      // A failure that may pass gets a "Try again"; anything else ends here.
      if (failure.reason === 'network' || failure.reason === 'server') this.loadError = failure;
      else this.fatal = failure;
      emit(this, 'quatrix-error', { error: failure });
    }
  }

  #toggle(id: string, on: boolean): void {
    const next = new Set(this.chosen);
    if (on) next.add(id);
    else next.delete(id);
    this.chosen = next;
  }

  /** Creates the request from what was chosen; answers whether it worked. */
  async create(): Promise<boolean> {
    if (!this.#client || this.busy) return false;
    if (this.chosen.size === 0) {
      this.showErrors = true;
      return false;
    }
    this.busy = true;
    this.problem = undefined;
    try {
      const client = this.#client;
      this.created = await this.#calls.run((signal) =>
        client.requestShare(
          {
            ids: [...this.chosen],
            message: this.message.trim() || undefined,
            folderId: this.folder || undefined,
            requestAuth: this.requireSignIn,
            sendEmail: this.sendEmail,
            returnPgpEncrypted: this.encryption?.chosen ?? false,
          },
          { signal },
        ),
      );
      emit(this, 'quatrix-request-created', { id: this.created.id, url: this.created.url });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[part=link] input')?.focus();
      return true;
    } catch (error) {
      this.problem = toUploadError(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async #copy(): Promise<void> {
    if (!this.created) return;
    try {
      await navigator.clipboard.writeText(this.created.url);
      this.copyState = 'copied';
    } catch {
      // No clipboard access (permissions, insecure context): select the link for the person to copy.
      this.renderRoot.querySelector<HTMLInputElement>('[part=link] input')?.select();
      this.copyState = 'failed';
    }
  }

  /** Starts over for another request. */
  reset(): void {
    this.created = undefined;
    this.chosen = new Set();
    this.message = '';
    this.copyState = 'idle';
    this.showErrors = false;
    this.requireSignIn = true;
    this.sendEmail = true;
    this.encryption?.reset();
  }

  #renderForm(contacts: Contact[]): TemplateResult {
    const missing = this.showErrors && this.chosen.size === 0;
    return html`<fieldset part="contacts" class="fields" aria-invalid=${missing ? 'true' : 'false'}>
        <legend part="label">
          ${msg('Who should send files?', { id: 'create.contacts', desc: 'Label of the list of contacts to ask for files.' })}
        </legend>
        ${contacts.length === 0 ? html`<p part="hint" class="hint">${msg('You have no contacts yet.', { id: 'create.no-contacts', desc: 'Shown when the user has no contacts to ask.' })}</p>` : nothing}
        ${contacts.map(
          (c) =>
            html`<label part="label" class="choice">
              <input
                part="input"
                type="checkbox"
                .checked=${this.chosen.has(c.id)}
                @change=${(e: Event) => this.#toggle(c.id, (e.target as HTMLInputElement).checked)}
              />
              <span>${c.name} <span part="hint" class="hint">${c.email}</span></span>
            </label>`,
        )}
        ${missing ? html`<p part="field-error" class="error" role="alert">${msg('Choose at least one contact.', { id: 'create.contacts.missing', desc: 'Error: no contact was chosen.' })}</p>` : nothing}
      </fieldset>
      <label part="label message"
        >${msg('Message', { id: 'create.message', desc: 'Label of the message sent to the contacts with the request.' })}
        <textarea
          part="input"
          rows="3"
          .value=${this.message}
          @input=${(e: Event) => (this.message = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
      </label>
      ${
        this.folders.length > 0
          ? html`<label part="label folder"
              >${msg('Save the files in', { id: 'create.folder', desc: 'Label of the choice of the folder where the returned files go.' })}
              <select
                part="input"
                @change=${(e: Event) => (this.folder = (e.target as HTMLSelectElement).value)}
              >
                ${this.folders.map((f) => html`<option value=${f.id} ?selected=${f.id === this.folder}>${f.name}</option>`)}
              </select>
            </label>`
          : nothing
      }
      <label part="label" class="choice">
        <input
          part="input"
          type="checkbox"
          name="request-auth"
          .checked=${this.requireSignIn}
          @change=${(e: Event) => (this.requireSignIn = (e.target as HTMLInputElement).checked)}
        />
        <span
          >${msg('Recipients must sign in', { id: 'create.request-auth', desc: 'Checkbox: the contacts must sign in to Quatrix before they can send files.' })}</span
        >
      </label>
      <label part="label" class="choice">
        <input
          part="input"
          type="checkbox"
          name="send-email"
          .checked=${this.sendEmail}
          @change=${(e: Event) => (this.sendEmail = (e.target as HTMLInputElement).checked)}
        />
        <span
          >${msg('Send the request by e-mail', { id: 'create.send-email', desc: 'Checkbox: Quatrix e-mails the request to the contacts.' })}</span
        >
      </label>
      ${this.encryption?.render() ?? nothing}
      ${this.problem ? html`<p part="error" class="error" role="alert">${describeError(this.problem)}</p>` : nothing}
      ${this.#calls.retrying ? html`<p part="hint" class="hint" role="status">${retryingText()}</p>` : nothing}
      <div part="actions">
        <button
          part="button"
          class="primary"
          type="button"
          ?disabled=${this.busy}
          @click=${() => void this.create()}
        >
          ${msg('Request files', { id: 'create.submit', desc: 'Button that creates the file request.' })}
        </button>
      </div>`;
  }

  #renderCreated(created: ShareRequestResult): TemplateResult {
    return html`<div part="link" class="fields">
      <p part="success-text" class="success">
        ${msg('The request is ready. Share this link:', { id: 'create.done', desc: 'The file request was created; its link follows.' })}
      </p>
      <label part="label"
        >${msg('Link', { id: 'create.link', desc: 'Label of the field with the link of the created request.' })}
        <input part="input" readonly .value=${created.url}
      /></label>
      <div part="actions" class="drop-actions">
        <button part="button" class="primary" type="button" @click=${() => void this.#copy()}>
          ${msg('Copy link', { id: 'create.copy', desc: 'Button that copies the link to the clipboard.' })}
        </button>
        <button part="button" type="button" @click=${() => this.reset()}>
          ${msg('New request', { id: 'create.again', desc: 'Button to create another request.' })}
        </button>
      </div>
      <p part="hint" role="status" class="hint">
        ${this.copyState === 'copied' ? msg('Link copied.', { id: 'create.copied', desc: 'Confirmation that the link was copied.' }) : nothing}
        ${this.copyState === 'failed' ? msg('Copying was not allowed here. The link is selected: copy it yourself.', { id: 'create.copy-failed', desc: "Copying to the clipboard failed (no permission): the link is now selected, and the user copies it with their device's own copy command (keyboard or touch)." }) : nothing}
      </p>
    </div>`;
  }

  protected override render(): TemplateResult {
    let body: TemplateResult;
    // Not signed in yet shows without an alarm: an app gives the credentials a moment later.
    if (this.fatal)
      body = html`<p part="error" class="error" role=${this.fatal.details.signedOut ? nothing : 'alert'}>
        ${describeError(this.fatal)}
      </p>`;
    else if (this.created) body = this.#renderCreated(this.created);
    else if (this.loadError && !this.contacts && this.#client) {
      const client = this.#client;
      body = renderTryAgain(this.loadError, () => void this.#load(client));
    } else if (!this.contacts)
      body = html`<p part="hint" class="hint" role="status">
        ${this.#calls.retrying ? retryingText() : msg('Loading…', { id: 'request.loading', desc: 'Shown while the request is loading.' })}
      </p>`;
    else body = this.#renderForm(this.contacts);
    return this.renderFrame(
      msg('Request files', {
        id: 'create.headline',
        desc: 'Heading of the form that asks contacts to send files.',
      }),
      html`${body}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'quatrix-request-files': QuatrixRequestFiles;
  }
}
