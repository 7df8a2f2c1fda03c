/**
 * Defines `tag` from the chunk `load` fetches, as soon as such an element is in the document (there
 * already, or added later). Answers a function that fetches it at once, for an element the document
 * cannot see (inside another element's shadow root); it resolves once the tag is defined. A failed
 * fetch (offline for a moment) is tried again at the next chance.
 */
export function whenUsed(tag: string, load: () => Promise<unknown>): () => Promise<void> {
  const found = document.getElementsByTagName(tag);
  let loading: Promise<void> | undefined;
  const start = (): Promise<void> => {
    observer.disconnect();
    return (loading ??= load().then(
      () => undefined,
      (error: unknown) => {
        loading = undefined;
        watch();
        throw error;
      },
    ));
  };
  const observer = new MutationObserver(() => {
    if (found.length > 0) void start().catch(() => undefined);
  });
  const watch = (): void => observer.observe(document, { childList: true, subtree: true });
  if (customElements.get(tag)) return () => Promise.resolve();
  if (found.length > 0) void start().catch(() => undefined);
  else watch();
  return start;
}
