/** Resolves when the element's shadow DOM shows something matching `selector`. */
export async function shown(el: HTMLElement, selector: string, timeoutMs = 10_000): Promise<Element> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = el.shadowRoot!.querySelector(selector);
    if (found) return found;
    if (Date.now() > until) throw new Error(`${selector} never appeared`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Presses the review step's action ("Upload 2 files") once it shows; answers its label. */
export async function sendHeld(el: HTMLElement): Promise<string> {
  const button = (await shown(el, '[part~=start]')) as HTMLButtonElement;
  const label = button.textContent!.trim();
  button.click();
  return label;
}

/**
 * Puts a new `tag` element with `props` in the page, listening before it is set up, and resolves with
 * the reason of its first `quatrix-error` (the element is removed after).
 */
export async function firstErrorReason(tag: string, props: Record<string, unknown>): Promise<string> {
  const el = document.createElement(tag);
  const failed = new Promise<string>((resolve) =>
    el.addEventListener('quatrix-error', (e) => resolve(e.detail.error.reason), { once: true }),
  );
  Object.assign(el, props);
  document.body.append(el);
  try {
    return await failed;
  } finally {
    el.remove();
  }
}
