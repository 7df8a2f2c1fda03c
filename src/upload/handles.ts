/**
 * Where the files of unfinished uploads can be read again after a reload: the handles the browser gave
 * for them (a dropped file, the dropped folder a file is in, or a file an app picked with
 * `showOpenFilePicker`), kept in IndexedDB (idb-keyval) under the upload's resume key while the upload
 * is unfinished, and removed with its record. Fetched on demand: a page without such a file never
 * loads it.
 */
import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';
import type { FileSource } from './types.js';

let store: UseStore | undefined;
const db = (): UseStore => (store ??= createStore('quatrix-upload', 'file-sources'));

export function keepSource(key: string, source: FileSource): Promise<void> {
  return set(key, { handle: source.handle, path: source.path ?? [] }, db());
}

export function dropSource(key: string): Promise<void> {
  return del(key, db());
}

/** Removes the sources whose records are gone (`keep` says which stay); answers how many are left. */
export async function sweep(keep: (key: string) => boolean): Promise<number> {
  const all = (await keys(db())).map(String);
  const gone = all.filter((k) => !keep(k));
  await Promise.all(gone.map((k) => del(k, db())));
  return all.length - gone.length;
}

export async function sourceOf(key: string): Promise<FileSource | undefined> {
  const found = await get<FileSource>(key, db());
  return found?.handle ? found : undefined;
}

/** Read permission for a handle: asked (a prompt, in a click's handler) only when not granted yet. */
export async function mayRead(handle: FileSystemHandle): Promise<boolean> {
  const h = handle as FileSystemHandle & {
    queryPermission?(d: { mode: 'read' }): Promise<PermissionState>;
    requestPermission?(d: { mode: 'read' }): Promise<PermissionState>;
  };
  if ((await h.queryPermission?.({ mode: 'read' })) === 'granted') return true;
  return (await h.requestPermission?.({ mode: 'read' })) === 'granted';
}

/** The file a source points at now (from its folder's handle down its path). */
export async function fileOf(source: FileSource): Promise<File> {
  let handle: FileSystemHandle = source.handle;
  for (const [i, name] of (source.path ?? []).entries()) {
    const dir = handle as FileSystemDirectoryHandle;
    handle =
      i === source.path!.length - 1 ? await dir.getFileHandle(name) : await dir.getDirectoryHandle(name);
  }
  return (handle as FileSystemFileHandle).getFile();
}
