/** Whether a sender field is asked for. */
export type FieldMode = 'hidden' | 'optional' | 'required';

/** One sender field. */
export type Field = 'name' | 'email' | 'message';

/** The sender fields of the widget: which are asked for, and what was typed. */
export interface SenderFields {
  readonly modes: Readonly<Record<Field, FieldMode>>;
  readonly values: Readonly<Record<Field, string>>;
}

/** How the fields are shown and where what is typed goes. */
export interface SenderFieldsView {
  /** Mark what is wrong (after a try to send). */
  readonly showErrors: boolean;
  readonly onInput: (field: Field, value: string) => void;
}

/** A plausible e-mail address: something@domain.tld, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is sent with every file: the fields asked for and filled in, trimmed; undefined when none. */
export function senderPayload({ modes, values }: SenderFields): Record<string, string> | undefined {
  const payload: Record<string, string> = {};
  for (const field of ['name', 'email', 'message'] as const)
    if (modes[field] !== 'hidden' && values[field].trim()) payload[field] = values[field].trim();
  return Object.keys(payload).length > 0 ? payload : undefined;
}

/** Which sender fields are acceptable now (hidden or optional and empty ones are). */
export function fieldValidity({ modes, values }: SenderFields): Record<Field, boolean> {
  const email = values.email.trim();
  return {
    name: modes.name !== 'required' || values.name.trim() !== '',
    email: email ? EMAIL.test(email) : modes.email !== 'required',
    message: modes.message !== 'required' || values.message.trim() !== '',
  };
}
