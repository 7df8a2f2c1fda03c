import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import { describeError } from '../../localization/errors.js';
import { keyFingerprint } from '../../upload/encryption/lazy.js';
import { toUploadError, UploadError } from '../../upload/errors.js';

/**
 * What a file request that demands encrypted returns says about it: that files are encrypted on this
 * device for the requester, and the fingerprint of the requester's key on demand (fetching the
 * encryption code only then, or when the first file is encrypted).
 */
export class EncryptionSummary {
  /** Undefined until asked for; `''` while read; the fingerprint, or why it cannot be read. */
  #fingerprint: string | UploadError | undefined;

  constructor(
    /** The requester's key as the request gives it (`sender_key`). */
    readonly key: string,
    /** Draws the element again. */
    readonly changed: () => void,
  ) {}

  async #read(): Promise<void> {
    if (this.#fingerprint !== undefined) return;
    this.#fingerprint = '';
    this.changed();
    try {
      this.#fingerprint = await keyFingerprint(this.key);
    } catch (error) {
      this.#fingerprint = toUploadError(error);
    }
    this.changed();
  }

  render(): TemplateResult {
    const value = this.#fingerprint;
    let body: TemplateResult | string;
    if (value instanceof UploadError)
      body = html`<span part="field-error" class="error">${describeError(value)}</span>`;
    else if (value) body = html`<code part="fingerprint-value" dir="ltr" translate="no">${value}</code>`;
    else body = msg('Loading…', { id: 'request.loading', desc: 'Shown while the request is loading.' });
    return html`<p part="hint encryption" class="hint">
        ${msg('Your files are encrypted on this device, so only the person who asked can open them.', { id: 'request.encrypted', desc: 'Shown on a file request that demands encrypted returns (PGP): every file is encrypted in the browser for the requester.' })}
      </p>
      <details
        part="fingerprint"
        class="hint"
        @toggle=${(e: Event) => {
          if ((e.currentTarget as HTMLDetailsElement).open) void this.#read();
        }}
      >
        <summary>
          ${msg('Key fingerprint', { id: 'request.fingerprint', desc: "Opens the fingerprint of the requester's public PGP key, which the files are encrypted with, for the person to compare with the requester." })}
        </summary>
        <p role="status">${body}</p>
      </details>`;
  }
}
