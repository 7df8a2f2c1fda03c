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
