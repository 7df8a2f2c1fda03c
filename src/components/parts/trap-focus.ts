/** What Tab reaches in a dialog: its controls, and the frame of a CAPTCHA service. */
const TABBABLE =
  'button:not([disabled]), input:not([disabled]), textarea, select, a[href], iframe, [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab and Shift+Tab inside a modal dialog: from its last control to its first, and back. A
 * browser's modal dialog lets Tab leave for the browser's own controls; a person using the keyboard
 * should find the dialog's controls again, not the page behind.
 */
export function trapTab(event: KeyboardEvent, dialog: HTMLDialogElement): void {
  if (event.key !== 'Tab') return;
  const items = [...dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (item) => item.getClientRects().length > 0,
  );
  const root = dialog.getRootNode() as Document | ShadowRoot;
  const active = root.activeElement;
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  if (event.shiftKey ? active === first || !dialog.contains(active) : active === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}
