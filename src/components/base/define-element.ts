/** Defines `tag` unless the page already has it (a widget may be loaded twice on one page). */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
