import type { FileWithPath } from './types.js';

/** Files of an `<input type="file">`, with their folder paths when a folder was picked (`webkitdirectory`). */
export function filesFromList(list: FileList | readonly File[]): FileWithPath[] {
  return Array.from(list, (file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
}

/**
 * Files of a drop or a paste, reading dropped folders recursively (`webkitGetAsEntry`). Entries must be
 * taken from the DataTransfer synchronously, before the first `await`, or the browser empties it.
 */
export async function filesFromDataTransfer(data: DataTransfer): Promise<FileWithPath[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) return filesFromList(data.files);
  const out: FileWithPath[] = loose.map((file) => ({ file, relativePath: file.name }));
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

async function walk(entry: FileSystemEntry, prefix: string, out: FileWithPath[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    out.push({ file, relativePath: path });
  } else if (isDirectory(entry)) {
    const reader = entry.createReader();
    // readEntries answers in batches (about 100): read until it answers none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, path, out);
    }
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
