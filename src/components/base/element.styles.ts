import { css } from 'lit';

/** Layout shared by the elements: frame, drop zone, fields, file list, dialogs. */
export const elementStyles = css`
  .widget {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .headline {
    margin: 0;
    font-size: 1.25em;
    font-weight: 600;
  }
  .remaining,
  .hint {
    margin: 0;
    color: var(--_muted);
  }
  .drop-zone {
    display: grid;
    justify-items: center;
    gap: calc(var(--_space) / 2);
    padding: calc(var(--_space) * 1.5) var(--_space);
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    text-align: center;
  }
  .drop-zone[data-over] {
    border-color: var(--_accent);
  }
  .drop-actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    justify-content: center;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0;
    padding: calc(var(--_space) / 2) var(--_space);
    /* A fieldset is as wide as its widest word by default: a long address would widen the page. */
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .choice {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .fields {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  label {
    display: grid;
    gap: 0.25rem;
    min-width: 0;
  }
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.375rem 0.5rem;
    min-width: 0;
  }
  .error {
    margin: 0;
    color: var(--_danger);
  }
  .success {
    color: var(--_success);
    margin: 0;
  }
  .notice {
    margin: 0;
    padding: calc(var(--_space) / 2) var(--_space);
    border-inline-start: 4px solid var(--_warning);
    background: var(--_surface);
  }
  .sent-list {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .sent-list li {
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: inherit;
    padding: var(--_space);
    max-width: min(28rem, 100vw - 2rem);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: var(--_space);
  }
`;
