import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ProfileInfo } from '../../api/index.js';
import {
  FolderTarget,
  toUploadError,
  UploadError,
  type NameClashPolicy,
  type Uploader,
} from '../../upload/index.js';
import { formatBytes } from '../../localization/format.js';
import { emit } from '../../events/index.js';
import { clientFor } from '../base/credentials.js';
import { describeError } from '../../localization/messages.js';
import { UploadElement } from '../base/upload-element.js';

/**
 * Upload into a folder of a signed-in Quatrix user, for single-page apps.
 *
 * @summary Authenticated upload into a folder, with the quota shown and respected.
 * @tag quatrix-uploader
 *
 * @csspart quota - The storage used and left.
 * @csspart sign-in - The notice that the session ended, with its "Sign in again" button.
 *
 * @fires {QuatrixEventDetails['quatrix-sign-in-needed']} quatrix-sign-in-needed - "Sign in again" was pressed after the session ended: sign in and set `sessionToken`; the files under way continue.
 */
export class QuatrixUploader extends UploadElement {
  @state() private quota: ProfileInfo | undefined;

  /** Base URL of the Quatrix site. */
  @property({ attribute: 'site' }) site = '';
  /** Id of the folder the files go into. */
  @property({ attribute: 'folder-id' }) folderId = '';
  /** On a name clash: `rename` (default: `report (1).pdf`) or `replace` the existing file. */
  @property({ attribute: 'on-clash' }) onClash: NameClashPolicy = 'rename';
  /** Files wait in the list for "Upload 3 files" (or `start()`) instead of going as soon as they are added. */
  @property({ type: Boolean, attribute: 'manual-start' }) manualStart = false;
  /** An API key. A secret: a property only, never an attribute, never in a URL. */
  @property({ attribute: false }) apiKey: string | undefined;
  /** A session token from `login()`. A secret: a property only. */
  @property({ attribute: false }) sessionToken: string | undefined;

  /** An app's uploader keeps a running list: what has ended can be cleared from it. */
  protected override get clearable(): boolean {
    return true;
  }

  protected override revive(): void {
    if (this.site && this.folderId) this.#setUp();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const keys = ['site', 'folderId', 'onClash', 'apiKey', 'sessionToken', 'manualStart'] as const;
    if (keys.some((k) => changed.has(k)) && this.site && this.folderId) this.#setUp();
  }

  #setUp(): void {
    this.quota = undefined;
    const client = clientFor(this.site, {
      apiKey: this.apiKey,
      sessionToken: this.sessionToken,
      required: true,
    });
    if (client instanceof UploadError) return this.failSetUp(client);
    const target = new FolderTarget(client, this.folderId, { onClash: this.onClash });
    const uploader = this.useTarget(
      target,
      { autoStart: !this.manualStart },
      `${this.site} ${this.folderId}`,
    );
    uploader.on('all-done', () => void this.#refreshQuota(uploader, target));
    void this.#refreshQuota(uploader, target);
  }

  /** The storage left, through the engine, whose next file uses the same answer. */
  async #refreshQuota(uploader: Uploader, target: FolderTarget): Promise<void> {
    try {
      await uploader.checkTarget({ maxRetries: 3 });
      // Latest wins: the answer for a site, folder or user this element has left since is dropped.
      if (this.uploader === uploader) this.quota = target.profile;
    } catch (error) {
      const failure = toUploadError(error);
      if (failure.fatal && this.uploader === uploader) this.setFatal(failure);
    }
  }

  #renderQuota(): TemplateResult | typeof nothing {
    const q = this.quota;
    if (!q || q.userLimit < 0) return nothing;
    const used = formatBytes(q.userUsed);
    const limit = formatBytes(q.userLimit);
    return html`<p part="quota" class="remaining">
      ${msg(str`${used} of ${limit} used.`, { id: 'uploader.quota', desc: 'Storage use of the signed-in user, e.g. "1.2 GB of 5 GB used."' })}
    </p>`;
  }

  #renderBody(): TemplateResult {
    const fatal = this.fatal;
    if (fatal?.reason === 'unauthorized' && this.uploader) {
      // The session ended: the list stays as it was, and signing in again continues it. Screen readers
      // hear it once, from the element's announcements (no alert role here too).
      return html`<div part="sign-in" class="notice">
          <p class="error">${describeError(fatal)}</p>
          <button
            part="button"
            class="primary"
            type="button"
            @click=${() => emit(this, 'quatrix-sign-in-needed', { error: fatal })}
          >
            ${msg('Sign in again', { id: 'uploader.sign-in', desc: 'Button after the session of the signed-in user ended: asks the app to sign them in again; the uploads continue after.' })}
          </button>
        </div>
        ${this.renderFiles()}`;
    }
    if (fatal) return html`<p part="error" class="error">${describeError(fatal)}</p>`;
    return html`${this.#renderQuota()} ${this.renderDropZone()} ${this.renderFiles()}`;
  }

  protected override render(): TemplateResult {
    return this.renderFrame(
      msg('Upload files', {
        id: 'uploader.headline',
        desc: 'Heading of the upload area of a signed-in user.',
      }),
      html`${this.#renderBody()} ${this.renderLiveRegion()}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'quatrix-uploader': QuatrixUploader;
  }
}
