import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { fieldValidity, type FieldMode, type SenderFields, type SenderFieldsView } from './sender-fields.js';

// The sender fields' view: a chunk of its own in the script-tag file, fetched only by a widget that asks
// for a name, an e-mail or a message.

/**
 * ` (required)` after the label of a required field: seen by everyone; screen readers hear the
 * field's own `required` instead, so it is hidden from them.
 */
function requiredMark(mode: FieldMode): TemplateResult | typeof nothing {
  return mode === 'required'
    ? html` <span part="required-mark" class="hint" aria-hidden="true"
        >${msg('(required)', { id: 'widget.field.required', desc: 'After the label of a field that must be filled in.' })}</span
      >`
    : nothing;
}

/** The sender fields asked for, with the error when a required one is empty or the e-mail is not one. */
export function renderSenderFields(
  fields: SenderFields,
  view: SenderFieldsView,
): TemplateResult | typeof nothing {
  const { modes, values } = fields;
  if ([modes.name, modes.email, modes.message].every((m) => m === 'hidden')) return nothing;
  const invalid = (ok: boolean): string => (view.showErrors && !ok ? 'true' : 'false');
  const valid = fieldValidity(fields);
  /** The one-line field for the sender's name or e-mail, when asked for. */
  const line = (
    field: 'name' | 'email',
    label: string,
    type: 'text' | 'email',
  ): TemplateResult | typeof nothing =>
    modes[field] !== 'hidden'
      ? html`<label part="label"
          >${label}${requiredMark(modes[field])}
          <input
            part="input"
            name="sender-${field}"
            type=${type}
            autocomplete=${field}
            .value=${values[field]}
            ?required=${modes[field] === 'required'}
            aria-invalid=${invalid(valid[field])}
            @input=${(e: Event) => view.onInput(field, (e.target as HTMLInputElement).value)}
        /></label>`
      : nothing;
  return html`<div part="fields" class="fields">
    ${line('name', msg('Your name', { id: 'widget.field.name', desc: "Label of the sender's name field." }), 'text')}
    ${line('email', msg('Your e-mail', { id: 'widget.field.email', desc: "Label of the sender's e-mail field." }), 'email')}
    ${
      modes.message !== 'hidden'
        ? html`<label part="label"
            >${msg('Message', { id: 'widget.field.message', desc: 'Label of the message to the recipient.' })}${requiredMark(modes.message)}
            <textarea
              part="input"
              name="sender-message"
              rows="3"
              .value=${values.message}
              ?required=${modes.message === 'required'}
              aria-invalid=${invalid(valid.message)}
              @input=${(e: Event) => view.onInput('message', (e.target as HTMLTextAreaElement).value)}
            ></textarea>
          </label>`
        : nothing
    }
    ${
      view.showErrors && !(valid.name && valid.email && valid.message)
        ? html`<p part="field-error" class="error" role="alert">
            ${msg('Please fill in the required fields.', { id: 'widget.fields.invalid', desc: 'Error: a required field is empty or invalid.' })}
          </p>`
        : nothing
    }
  </div>`;
}
