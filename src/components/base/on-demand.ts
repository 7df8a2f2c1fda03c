/**
 * A module a render needs, fetched the first time it is asked for: the answer is the module once it
 * is there, else undefined, and `ready` (a render again) runs when it arrives. A failed fetch is tried
 * again by the next render.
 */
export function onDemand<M>(load: () => Promise<M>): (ready: () => void) => M | undefined {
  let module: M | undefined;
  let loading: Promise<void> | undefined;
  return (ready) => {
    if (module) return module;
    loading ??= load().then((loaded) => {
      module = loaded;
    });
    loading.then(ready, () => {
      loading = undefined;
    });
    return undefined;
  };
}
