import { css } from 'lit';

/**
 * The file list's look: the summary line, the rows, their progress and states. It comes with the list
 * (the element adopts it once the list's code is there), not in the file every page loads.
 */
export const fileListStyles = css`
  .files {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .total,
  .file-head,
  .file-meta,
  .file-actions,
  .total-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .total-actions {
    margin-inline-start: auto;
  }
  .file-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .file-list.virtual {
    display: block;
    height: var(--quatrix-list-height, min(28rem, 70vh));
    overflow: auto;
  }
  .file-list.virtual .file {
    width: 100%;
    margin-block-end: calc(var(--_space) / 2);
  }
  .file {
    display: grid;
    gap: 0.25rem;
    padding: calc(var(--_space) / 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .thumbnail {
    width: 3rem;
    height: 3rem;
    border-radius: calc(var(--_radius) / 2);
    object-fit: cover;
    background: var(--_surface);
  }
  .file-name {
    flex: 1 1 12rem;
    min-width: 0;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
    font-weight: 500;
  }
  .file-size,
  .file-meta {
    color: var(--_muted);
    font-size: 0.875em;
  }
  progress {
    width: 100%;
    height: 0.5rem;
    accent-color: var(--_accent);
  }
  /* Done and failed differ in more than colour: a mark before the state, which screen readers skip
     (the words say it). */
  .file[data-status='done'] [part='file-status'] {
    color: var(--_success);
  }
  .file[data-status='done'] [part='file-status']::before {
    content: '✓ ' / '';
  }
  .file[data-status='failed'] [part='file-status'] {
    color: var(--_danger);
  }
  .file[data-status='failed'] [part='file-status']::before {
    content: '✕ ' / '';
  }
  .file-error {
    margin: 0;
    color: var(--_danger);
  }
  .review {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
  }
  .file-list.compact {
    max-height: var(--quatrix-list-height, 16rem);
    overflow-y: auto;
  }
`;
