import { css } from 'lit';

/**
 * The shared look of every element: a small reset and the custom properties that theme it from outside
 * (shadow DOM keeps the host page's CSS out, so every colour, radius, space and font is a property).
 * A dark scheme follows `prefers-color-scheme`, or the `theme` attribute.
 */
export const themeStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--quatrix-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--quatrix-font-size, 1rem);
    line-height: 1.5;
    color-scheme: light;
    color: var(--_text);
    --_text: var(--quatrix-color-text, #1d2330);
    --_bg: var(--quatrix-color-background, #ffffff);
    --_surface: var(--quatrix-color-surface, #f4f6fa);
    --_border: var(--quatrix-color-border, #c5ccd8);
    --_accent: var(--quatrix-color-accent, #0b5fff);
    --_on-accent: var(--quatrix-color-on-accent, #ffffff);
    --_muted: var(--quatrix-color-muted, #4f5b6e);
    --_danger: var(--quatrix-color-danger, #b3261e);
    --_success: var(--quatrix-color-success, #1b7a3a);
    --_warning: var(--quatrix-color-warning, #8a5300);
    --_focus: var(--quatrix-color-focus, #0b5fff);
    --_radius: var(--quatrix-radius, 0.5rem);
    --_space: var(--quatrix-space, 1rem);
  }
  /* Dark: asked for (theme=dark), or the reader's choice (theme=auto, the default). */
  :host([theme='dark']) {
    color-scheme: dark;
    --_text: var(--quatrix-color-text, #e7eaf0);
    --_bg: var(--quatrix-color-background, #161a22);
    --_surface: var(--quatrix-color-surface, #222835);
    --_border: var(--quatrix-color-border, #4a5468);
    --_accent: var(--quatrix-color-accent, #7aa7ff);
    --_on-accent: var(--quatrix-color-on-accent, #0b1020);
    --_muted: var(--quatrix-color-muted, #aab3c5);
    --_danger: var(--quatrix-color-danger, #ffb4ab);
    --_success: var(--quatrix-color-success, #7fd69a);
    --_warning: var(--quatrix-color-warning, #ffcf7a);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      color-scheme: dark;
      --_text: var(--quatrix-color-text, #e7eaf0);
      --_bg: var(--quatrix-color-background, #161a22);
      --_surface: var(--quatrix-color-surface, #222835);
      --_border: var(--quatrix-color-border, #4a5468);
      --_accent: var(--quatrix-color-accent, #7aa7ff);
      --_on-accent: var(--quatrix-color-on-accent, #0b1020);
      --_muted: var(--quatrix-color-muted, #aab3c5);
      --_danger: var(--quatrix-color-danger, #ffb4ab);
      --_success: var(--quatrix-color-success, #7fd69a);
      --_warning: var(--quatrix-color-warning, #ffcf7a);
    }
  }
  /*
   * A site that sets only some colours (a dark background on a light page, say) must not leave text
   * that cannot be read: every colour the site did not set is derived from the background actually in
   * use, darker on a light one and lighter on a dark one (sign(l - 0.56): 1 on a light background, -1
   * on a dark one), at least 4.5:1 from it. The selectors match every host, with the weight of the
   * ones above, so that they come after them.
   */
  @supports (color: oklch(from red l c h)) {
    :host(:not([theme='light'])),
    :host([theme='light']) {
      --_text: var(
        --quatrix-color-text,
        oklch(from var(--_bg) clamp(0, l - sign(l - 0.56) * 0.75, 1) min(c, 0.02) h)
      );
      --_muted: var(
        --quatrix-color-muted,
        oklch(from var(--_bg) clamp(0, l - sign(l - 0.56) * 0.55, 1) min(c, 0.03) h)
      );
      --_surface: var(--quatrix-color-surface, oklch(from var(--_bg) calc(l - sign(l - 0.56) * 0.04) c h));
      --_border: var(--quatrix-color-border, oklch(from var(--_bg) calc(l - sign(l - 0.56) * 0.2) c h));
      --_danger: var(
        --quatrix-color-danger,
        oklch(from var(--_bg) clamp(0, l - sign(l - 0.56) * 0.5, 1) calc(0.13 + sign(l - 0.56) * 0.04) 27)
      );
      --_success: var(
        --quatrix-color-success,
        oklch(from var(--_bg) clamp(0, l - sign(l - 0.56) * 0.5, 1) calc(0.11 + sign(l - 0.56) * 0.02) 150)
      );
      --_warning: var(
        --quatrix-color-warning,
        oklch(from var(--_bg) clamp(0, l - sign(l - 0.56) * 0.5, 1) calc(0.11 + sign(l - 0.56) * 0.02) 70)
      );
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: 0.375rem 0.875rem;
    min-height: 2.25rem;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  /* Not yet usable: visibly so, and still in the tab order when aria-disabled, so that its reason is heard. */
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
