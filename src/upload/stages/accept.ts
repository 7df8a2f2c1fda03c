import type { Entry } from '../entry.js';
import { UploadError } from '../errors.js';
import { nameProblem } from '../names.js';
import { SpeedMeter } from '../progress.js';
import { resumeKey } from '../resume-store.js';
import type { FileFacts } from '../targets/index.js';
import type { ChunkSizing } from '../transports/chunk-size.js';
import type { FileWithPath } from '../types.js';

let nextId = 0;

/** The accept stage: a new file's record, queued, with its folder path and resume key. */
export function acceptFile(item: File | Blob | FileWithPath, targetKey: string, sizing: ChunkSizing): Entry {
  const { file, relativePath, meta, source } =
    item instanceof Blob ? { file: item, relativePath: undefined, meta: undefined, source: undefined } : item;
  const name = file instanceof File ? file.name : 'blob';
  const path = (relativePath ?? name).split('/').filter((p) => p !== '');
  const facts: FileFacts = {
    name: path[path.length - 1] ?? name,
    size: file.size,
    lastModified: file instanceof File ? file.lastModified : Date.now(),
  };
  const relative = path.join('/') || name;
  return {
    state: {
      id: `f${++nextId}`,
      file,
      name: facts.name,
      relativePath: relative,
      size: file.size,
      status: 'queued',
      bytesUploaded: 0,
      preparedPercent: undefined,
      sentSize: undefined,
      percent: 0,
      speed: undefined,
      eta: undefined,
      error: undefined,
      pausedBy: undefined,
      retryAttempt: 0,
      retryAt: undefined,
      resumed: false,
      result: undefined,
      meta: meta && { ...meta },
    },
    facts,
    folderPath: path.slice(0, -1),
    resumeKey: resumeKey(targetKey, {
      relativePath: relative,
      size: file.size,
      lastModified: facts.lastModified,
    }),
    speed: new SpeedMeter(),
    lastProgressAt: 0,
    chunkStartedAt: 0,
    stalls: 0,
    notBefore: 0,
    chunkBytes: sizing.initial,
    chunkCap: sizing.max,
    ...(source ? { source } : {}),
  };
}

/** The refusal for the first name on a file's path that Quatrix would not take, before anything is sent. */
export function nameRefusal(entry: Entry): UploadError | undefined {
  for (const segment of [...entry.folderPath, entry.facts.name]) {
    const problem = nameProblem(segment);
    if (problem) {
      return new UploadError('name', `the name ${JSON.stringify(segment)} is not accepted: ${problem}`, {
        details: { problem, name: segment },
      });
    }
  }
  return undefined;
}

/**
 * The files a target can no longer accept, in the order they were added: beyond the files it still
 * takes (`file-limit`) and beyond the storage left (`restricted`). `pending` are the files not yet
 * reserved, the only ones a limit can still keep from being sent.
 */
export function overLimits(
  pending: readonly Entry[],
  filesRemaining: number | undefined,
  bytesRemaining: number | undefined,
): Array<{ entry: Entry; error: UploadError }> {
  const refused: Array<{ entry: Entry; error: UploadError }> = [];
  if (filesRemaining !== undefined) {
    pending.slice(Math.max(0, filesRemaining)).forEach((entry) =>
      refused.push({
        entry,
        error: new UploadError('file-limit', 'the target accepts no more files', {
          details: { filesRemaining },
        }),
      }),
    );
  }
  if (bytesRemaining !== undefined) {
    let left = bytesRemaining;
    for (const entry of pending) {
      if (refused.some((r) => r.entry === entry)) continue;
      if (entry.facts.size <= left) {
        left -= entry.facts.size;
        continue;
      }
      refused.push({
        entry,
        error: new UploadError('restricted', 'the file does not fit the storage left', {
          details: { bytesRemaining: left, size: entry.facts.size },
        }),
      });
    }
  }
  return refused;
}
