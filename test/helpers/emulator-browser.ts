import { executeServerCommand } from '@web/test-runner-commands';
import type { EmulatorOptions, LoggedRequest, StoredFile } from '../../demo/emulator/index.js';
import type { EmulatorControl } from '../plugins/emulator-plugin.js';

/** An emulator started for one browser test, on another origin than the test page. */
export interface BrowserEmulator {
  url: string;
  control<A extends keyof EmulatorControl>(action: A, ...args: EmulatorControl[A]): Promise<unknown>;
  files(folderId?: string): Promise<StoredFile[]>;
  sha256(fileId: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startEmulator(options: Partial<EmulatorOptions> = {}): Promise<BrowserEmulator> {
  const { seed, ...rest } = options;
  const { id, url } = (await executeServerCommand('emulator-start', { seed, options: rest })) as {
    id: string;
    url: string;
  };
  const control = <A extends keyof EmulatorControl>(
    action: A,
    ...args: EmulatorControl[A]
  ): Promise<unknown> => executeServerCommand('emulator-control', { id, action, args });
  return {
    url,
    control,
    files: async (folderId) => (await control('files', ...(folderId ? [folderId] : []))) as StoredFile[],
    sha256: async (fileId) => (await control('sha256', fileId)) as string,
    stop: async () => {
      await executeServerCommand('emulator-stop', { id });
    },
  };
}

/** SHA-256 (hex) of a Blob, computed in the page. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Deterministic pseudo-random bytes (not compressible, not all zero), as a File. */
export function makeFile(name: string, size: number, seed = 1): File {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return new File([bytes], name, { type: 'application/octet-stream', lastModified: 1_700_000_000_000 });
}

/** A request as the emulator logged it. */
export type Logged = LoggedRequest;

/** The emulator's request log. */
export async function requestLog(emu: BrowserEmulator): Promise<Logged[]> {
  return (await emu.control('requests')) as Logged[];
}

/** Chunk POSTs of the log. */
export function chunkPosts(log: Logged[]): Logged[] {
  return log.filter((r) => r.method === 'POST' && r.path.startsWith('/upload/chunked/'));
}

/** The most chunk requests the server was handling at one time. */
export function maxConcurrency(requests: Logged[]): number {
  return Math.max(
    0,
    ...requests.map(
      (a) => requests.filter((b) => b.startedAt <= a.startedAt && a.startedAt < b.finishedAt).length,
    ),
  );
}
