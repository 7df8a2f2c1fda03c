/** One message heard: its text, `!` first when it came through the assertive region, and when. */
export interface Heard {
  text: string;
  at: number;
}

/**
 * Everything the element's live regions say, in order: a message is heard when a new node appears in
 * a region (the same words twice are two messages).
 */
export function listen(el: HTMLElement): Heard[] {
  const heard: Heard[] = [];
  const root = el.shadowRoot!;
  const seen = new WeakSet<Node>();
  const read = (): void => {
    for (const region of root.querySelectorAll('[role=status][aria-live], [role=alert]')) {
      const node = region.firstElementChild;
      if (!node || seen.has(node)) continue;
      seen.add(node);
      const urgent = region.getAttribute('role') === 'alert' ? '! ' : '';
      // Names come isolated (U+2068…U+2069) so that a right-to-left name cannot turn the sentence.
      const text = node.textContent!.replace(/[\u2068\u2069]/g, '').trim();
      heard.push({ text: urgent + text, at: performance.now() });
    }
  };
  // What was said before listening is not heard.
  root.querySelectorAll('[role=status][aria-live] > *, [role=alert] > *').forEach((n) => seen.add(n));
  new MutationObserver(read).observe(root, { subtree: true, childList: true, characterData: true });
  return heard;
}

/** The texts heard, in order. */
export const texts = (heard: Heard[]): string[] => heard.map((h) => h.text);
