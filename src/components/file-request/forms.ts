import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

/** What the PIN prompt of a protected file request shows. */
export interface PinFormView {
  readonly state: 'none' | 'needed' | 'wrong' | 'checking';
  readonly onSubmit: (event: SubmitEvent) => void;
  /** Why the last try failed (other than a wrong PIN), or that it is being tried again. */
  readonly problem: TemplateResult;
}

/** What the sign-in form of a request for signed-in recipients shows. */
export interface SignInFormView {
  readonly state: 'none' | 'credentials' | 'wrong' | 'code' | 'code-wrong' | 'checking';
  readonly secondFactor: '2FA' | 'PIN';
  readonly onSubmit: (event: SubmitEvent) => void;
  /** Why the last try failed (other than a refusal), or that it is being tried again. */
  readonly problem: TemplateResult;
}

/** The PIN prompt of a protected file request. */
export function renderPinForm(view: PinFormView): TemplateResult {
  return html`<form part="pin-form" class="fields" @submit=${view.onSubmit}>
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
        aria-invalid=${view.state === 'wrong' ? 'true' : 'false'}
      />
    </label>
    ${view.state === 'wrong' ? html`<p part="field-error" class="error" role="alert">${msg('That PIN is incorrect. Try again.', { id: 'request.pin.wrong', desc: 'Error: the PIN entered is wrong.' })}</p>` : nothing}
    ${view.problem}
    <div part="actions">
      <button part="button" class="primary" type="submit" ?disabled=${view.state === 'checking'}>
        ${msg('Continue', { id: 'request.pin.submit', desc: 'Button that checks the PIN.' })}
      </button>
    </div>
  </form>`;
}

/** The sign-in form: e-mail and password, then the second factor's code when the account asks. */
export function renderSignInForm(view: SignInFormView): TemplateResult {
  const askingCode = view.state === 'code' || view.state === 'code-wrong';
  const checking = view.state === 'checking';
  const wrong = view.state === 'wrong';
  const codeWrong = view.state === 'code-wrong';
  return html`<form part="sign-in-form" class="fields" @submit=${view.onSubmit}>
    ${
      askingCode
        ? html`<p part="hint">
              ${
                view.secondFactor === 'PIN'
                  ? msg('Enter your PIN to finish signing in.', {
                      id: 'request.signin.pin.prompt',
                      desc: 'Second step of signing in: the account is protected with a PIN.',
                    })
                  : msg('Enter the code from your authenticator app to finish signing in.', {
                      id: 'request.signin.code.prompt',
                      desc: 'Second step of signing in: a one-time code from an authenticator app (2FA).',
                    })
              }
            </p>
            ${signInField(
              view.secondFactor === 'PIN'
                ? msg('PIN', {
                    id: 'request.signin.pin.label',
                    desc: 'Label of the PIN field when signing in.',
                  })
                : msg('Code', {
                    id: 'request.signin.code.label',
                    desc: 'Label of the one-time code field (2FA) when signing in.',
                  }),
              { name: 'code', type: 'text', autocomplete: 'one-time-code', numeric: true },
              codeWrong,
            )}
            ${codeWrong ? html`<p part="field-error" class="error" role="alert">${msg('That code is incorrect. Try again.', { id: 'request.signin.code.wrong', desc: 'Error: the second-factor code or PIN entered when signing in is wrong.' })}</p>` : nothing}`
        : html`<p part="hint">
              ${msg('Only its recipients can answer this request. Sign in to continue.', { id: 'request.signin.prompt', desc: 'The file request requires its recipient to sign in to Quatrix first.' })}
            </p>
            ${signInField(
              msg('E-mail', {
                id: 'request.signin.email',
                desc: 'Label of the e-mail field when signing in.',
              }),
              { name: 'email', type: 'email', autocomplete: 'username' },
              wrong,
            )}
            ${signInField(
              msg('Password', {
                id: 'request.signin.password',
                desc: 'Label of the password field when signing in.',
              }),
              { name: 'password', type: 'password', autocomplete: 'current-password' },
              wrong,
            )}
            ${wrong ? html`<p part="field-error" class="error" role="alert">${msg('The e-mail or password is incorrect.', { id: 'request.signin.wrong', desc: 'Error: signing in was refused (wrong e-mail or password).' })}</p>` : nothing}`
    }
    ${view.problem}
    <div part="actions">
      <button part="button" class="primary" type="submit" ?disabled=${checking}>
        ${msg('Sign in', { id: 'request.signin.submit', desc: 'Button that signs in.' })}
      </button>
    </div>
  </form>`;
}

/** One required field of the sign-in form, with its label. */
function signInField(
  label: string,
  input: { name: string; type: string; autocomplete: string; numeric?: boolean },
  invalid: boolean,
): TemplateResult {
  return html`<label part="label"
    >${label}
    <input
      part="input"
      name=${input.name}
      type=${input.type}
      inputmode=${input.numeric ? 'numeric' : 'text'}
      autocomplete=${input.autocomplete}
      required
      aria-invalid=${invalid ? 'true' : 'false'}
  /></label>`;
}
