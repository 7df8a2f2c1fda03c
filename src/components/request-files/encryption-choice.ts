import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { QuatrixClient } from '../../api/client.js';
import { QuatrixError } from '../../api/errors.js';

/**
 * The choice of asking for encrypted returns (`return_pgp_encrypted`), where the site has PGP on and
 * the user a key.
 */
export class EncryptionChoice {
  /** The person ticked it. */
  #chosen = false;

  private constructor(
    /** `available`: the user has a key; `no-key`: PGP is on, the user has no key yet. */
    readonly state: 'available' | 'no-key',
    readonly changed: () => void,
  ) {}

  /**
   * Asks the site: the user's key means `available`, a 404 `no-key`. PGP off (403, code 51) or any
   * other failure answers undefined: the choice is left out.
   */
  static async check(
    client: QuatrixClient,
    changed: () => void,
    signal: AbortSignal | undefined,
  ): Promise<EncryptionChoice | undefined> {
    try {
      const { id } = await client.getProfile({ signal });
      await client.getUserPgpKey(id, { signal });
      return new EncryptionChoice('available', changed);
    } catch (error) {
      return error instanceof QuatrixError && error.status === 404
        ? new EncryptionChoice('no-key', changed)
        : undefined;
    }
  }

  /** Whether the request must ask for encrypted returns. */
  get chosen(): boolean {
    return this.state === 'available' && this.#chosen;
  }

  reset(): void {
    this.#chosen = false;
  }

  render(): TemplateResult | typeof nothing {
    const available = this.state === 'available';
    return html`<label part="label encryption" class="choice">
        <input
          part="input"
          type="checkbox"
          name="return-pgp-encrypted"
          aria-describedby="encryption-hint"
          ?disabled=${!available}
          .checked=${this.chosen}
          @change=${(e: Event) => {
            this.#chosen = (e.target as HTMLInputElement).checked;
            this.changed();
          }}
        />
        <span
          >${msg('Ask for encrypted files', { id: 'create.encrypt', desc: "Checkbox: the files sent back must be encrypted (PGP) in the sender's browser with the user's public key." })}</span
        >
      </label>
      <p part="hint" class="hint" id="encryption-hint">
        ${
          available
            ? msg("Files are encrypted on the sender's device with your PGP key; only you can open them.", {
                id: 'create.encrypt.hint',
                desc: 'Explains the checkbox that asks for encrypted files.',
              })
            : msg('Add a PGP key to your Quatrix account to ask for encrypted files.', {
                id: 'create.encrypt.no-key',
                desc: 'Why encrypted files cannot be asked for: the user has no PGP key.',
              })
        }
      </p>`;
  }
}
