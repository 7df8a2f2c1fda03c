import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Controls a keyboard reaches by themselves. */
const CONTROLS = 'button:not([disabled]), input:not([disabled]), textarea, select, a[href]';
/** Everything that takes the focus: controls, and whatever has a tabindex. */
const FOCUSABLE = `${CONTROLS}, [tabindex]`;

/** Where focus goes when nothing took the removed control's place, the first that exists. */
const FALLBACKS = [
  '[part=success-text]',
  '[part=success] button',
  '[part~=link] input',
  '[part=drop-zone] button',
  // A new request starts with whom to ask.
  '[part=contacts] input',
  'button.primary',
  FOCUSABLE,
];

/** Where the focused control was: its group of controls and its place in it. */
interface Place {
  readonly control: Element;
  readonly group: Element | null;
  readonly index: number;
  /** The file row it was in, and that row's place in the list. */
  readonly rowIndex: number;
}

/** Where `control` is: its group of controls, its place in it, and its file row's place in the list. */
function placeOf(control: Element): Place {
  const group = control.closest('[part~=actions], [part~=file-actions], [part=drop-zone], form');
  const row = control.closest('[part~=file]');
  const rows = row?.parentElement ? [...row.parentElement.querySelectorAll(':scope > [part~=file]')] : [];
  return {
    control,
    group,
    index: group ? [...group.querySelectorAll(FOCUSABLE)].indexOf(control) : 0,
    rowIndex: row ? rows.indexOf(row) : -1,
  };
}

/**
 * Keeps the keyboard's place when a render removes the focused control (Pause all becomes Resume all,
 * a cancelled file leaves the list, the files are sent…): focus goes to the control that took its
 * place (the same place in the same group of controls), else to the same place in the next file's
 * row, else to the element's next step (the success message, the link, the drop zone, the primary
 * action). Focus is moved only when it was lost with the control, never away from where a person or
 * the element put it. The place is read before each render, so no focus event is needed.
 */
export class FocusKeeper implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #place: Place | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Before each render: where the focused control is, if the element has the focus. */
  hostUpdate(): void {
    const active = this.#host.shadowRoot?.activeElement;
    if (active) this.#place = placeOf(active);
  }

  hostUpdated(): void {
    const place = this.#place;
    const root = this.#host.shadowRoot;
    if (!place || !root || place.control.isConnected || root.activeElement) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== this.#host) return;
    const next = this.#replacement(root, place) ?? this.#fallback(root);
    // A message that takes the place of a control (the success text) takes the focus only with a tabindex.
    if (next && !next.matches(FOCUSABLE)) next.setAttribute('tabindex', '-1');
    next?.focus();
  }

  #replacement(root: ShadowRoot, place: Place): HTMLElement | undefined {
    if (place.group?.isConnected) {
      const controls = [...place.group.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const next = controls[Math.min(place.index, controls.length - 1)];
      if (next) return next;
    }
    if (place.rowIndex >= 0) {
      const rows = [...root.querySelectorAll('[part~=file-list] > [part~=file]')];
      const row = rows[Math.min(place.rowIndex, rows.length - 1)];
      const next = row?.querySelector<HTMLElement>(FOCUSABLE);
      if (next) return next;
    }
    return undefined;
  }

  #fallback(root: ShadowRoot): HTMLElement | undefined {
    for (const selector of FALLBACKS) {
      const next = root.querySelector<HTMLElement>(selector);
      if (next) return next;
    }
    return undefined;
  }
}
