import type { FileSource, FileWithPath } from './types.js';

/** Files of an `<input type="file">`, with their folder paths when a folder was picked (`webkitdirectory`). */
export function filesFromList(list: FileList | readonly File[]): FileWithPath[] {
  return Array.from(list, (file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}

/** What a drop or a paste holds: its files, and the folders with no file in them (their paths). */
export interface Dropped {
  files: FileWithPath[];
  emptyFolders: string[];
}

/** Files of a drop or a paste, reading dropped folders recursively (see {@link entriesFromDataTransfer}). */
export async function filesFromDataTransfer(data: DataTransfer): Promise<FileWithPath[]> {
  return (await entriesFromDataTransfer(data)).files;
}

type HandleItem = DataTransferItem & { getAsFileSystemHandle?(): Promise<FileSystemHandle | null> };

/**
 * Files of a drop or a paste, reading dropped folders recursively, and the empty folders among them.
 * Where the browser gives handles (`getAsFileSystemHandle`, Chromium), each file keeps its source, so
 * that an unfinished upload continues after a reload without choosing it again. Entries and handles
 * must be taken from the DataTransfer synchronously, before the first `await`, or the browser empties it.
 */
export async function entriesFromDataTransfer(data: DataTransfer): Promise<Dropped> {
  const taken: Array<{
    entry: FileSystemEntry | null;
    handle: Promise<FileSystemHandle | null> | undefined;
  }> = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items ?? []) as HandleItem[]) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    const handle = item.getAsFileSystemHandle?.().catch(() => null);
    if (entry) taken.push({ entry, handle });
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (taken.length === 0 && loose.length === 0) return { files: filesFromList(data.files), emptyFolders: [] };
  const out: Dropped = { files: loose.map((file) => ({ file, relativePath: file.name })), emptyFolders: [] };
  for (const { entry, handle } of taken) {
    const root = await handle;
    // Through the handle where the browser gives one; through the entry when it gives none, or when
    // reading by the handle fails (a protected or virtual file): nothing of that try is kept.
    const part: Dropped = { files: [], emptyFolders: [] };
    const read = root
      ? await walkHandle(root, root, [], part).then(
          () => true,
          () => false,
        )
      : false;
    if (!read) {
      part.files = [];
      part.emptyFolders = [];
      await walk(entry!, '', part);
    }
    out.files.push(...part.files);
    out.emptyFolders.push(...part.emptyFolders);
  }
  return out;
}

/** A dropped file or folder through its handle: each file with its source (the dropped handle, and the path inside it). */
async function walkHandle(
  root: FileSystemHandle,
  handle: FileSystemHandle,
  path: string[],
  out: Dropped,
): Promise<void> {
  const here = [...path, handle.name];
  if (handle.kind === 'file') {
    const file = await (handle as FileSystemFileHandle).getFile();
    const source: FileSource =
      root === handle
        ? { handle: handle as FileSystemFileHandle }
        : { handle: root as FileSystemDirectoryHandle, path: here.slice(1) };
    out.files.push({ file, relativePath: here.join('/'), source });
    return;
  }
  let empty = true;
  for await (const child of (
    handle as FileSystemDirectoryHandle & { values(): AsyncIterable<FileSystemHandle> }
  ).values()) {
    empty = false;
    await walkHandle(root, child, here, out);
  }
  if (empty) out.emptyFolders.push(here.join('/'));
}

async function walk(entry: FileSystemEntry, prefix: string, out: Dropped): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    out.files.push({ file, relativePath: path });
  } else if (isDirectory(entry)) {
    const reader = entry.createReader();
    let empty = true;
    // readEntries answers in batches (about 100): read until it answers none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (batch.length === 0) break;
      empty = false;
      for (const child of batch) await walk(child, path, out);
    }
    if (empty) out.emptyFolders.push(path);
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
