/**
 * Creates each folder of an upload's relative path once, even when many files of the same folder
 * start at the same time: concurrent requests for a path share one promise. A failed creation is
 * forgotten, so a retry tries again.
 */
export class FolderTree {
  readonly #made = new Map<string, Promise<string | undefined>>();

  readonly #makeFolder: (name: string, parentId: string | undefined) => Promise<string>;

  constructor(makeFolder: (name: string, parentId: string | undefined) => Promise<string>) {
    this.#makeFolder = makeFolder;
  }

  /** The id of the folder at `path` (e.g. `['Trip', 'Day 1']`); undefined for the root. */
  ensure(path: readonly string[]): Promise<string | undefined> {
    if (path.length === 0) return Promise.resolve(undefined);
    const key = JSON.stringify(path);
    let pending = this.#made.get(key);
    if (!pending) {
      pending = this.ensure(path.slice(0, -1)).then((parent) =>
        this.#makeFolder(path[path.length - 1]!, parent),
      );
      pending.catch(() => this.#made.delete(key));
      this.#made.set(key, pending);
    }
    return pending;
  }
}
