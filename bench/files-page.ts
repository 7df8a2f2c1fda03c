/**
 * The page side of `npm run bench:files`: makes the file set once, then on request either PUTs all its
 * bytes as one raw request (the ceiling) or sends the files through the engine to a widget (public, as
 * `<quatrix-widget>` does) or to a folder with a session token (as `<quatrix-uploader>` does). The
 * target is set up first and its facts read, as the elements do when they appear, so the timed window
 * runs from `addFiles` to `all-done`: what a person waits for after dropping the files.
 */
import { fileBytes, fileSet, type SetFile } from './files-set.js';
import { FolderTarget, QuatrixClient, Uploader, WidgetTarget, type UploadTarget } from '../src/index.js';

export interface FilesCase {
  kind: 'ceiling' | 'widget' | 'folder';
  site: string;
  widgetId: string;
  folderId: string;
  email: string;
  password: string;
  /** One file at a time (`concurrency` and `smallFileConcurrency` 1); else the engine's defaults. */
  sequential?: boolean | undefined;
  /** Name of the ceiling's file on the server. */
  name: string;
  /** Send only the first this many files (the warm-up); default all. */
  count?: number | undefined;
}

export interface FilesRun {
  ms: number;
  /** Server ids of the files sent (the ceiling: its bench file name). */
  ids: string[];
  failed: string[];
}

declare global {
  interface Window {
    benchFiles: {
      prepare(count: number, seed: number): { count: number; bytes: number };
      /** Sets the case up (session, engine, the target's facts): nothing of it is timed. */
      setUp(c: FilesCase): Promise<void>;
      /** Sends the files as the set-up case; answers the time and what the server made of them. */
      run(): Promise<FilesRun>;
    };
  }
}

let files: File[] = [];
let set: SetFile[] = [];
let pending: (() => Promise<FilesRun>) | undefined;

window.benchFiles = {
  prepare(count, seed) {
    set = fileSet(count, seed);
    files = set.map((f) => new File([fileBytes(f)], f.name, { lastModified: 1_700_000_000_000 }));
    return { count: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0) };
  },

  async setUp(c) {
    if (c.kind === 'ceiling') {
      const all = new Blob(files, { type: 'application/octet-stream' });
      pending = async () => {
        const started = performance.now();
        const r = await fetch(`${c.site}/__bench/raw/${encodeURIComponent(c.name)}`, {
          method: 'PUT',
          body: all,
        });
        if (!r.ok) throw new Error(`ceiling PUT failed: HTTP ${r.status}`);
        return { ms: performance.now() - started, ids: [c.name], failed: [] };
      };
      return;
    }
    // A visitor's or a signed-in user's engine with the elements' defaults (resume records in
    // localStorage included); none of an earlier run's records is left to continue.
    localStorage.clear();
    let target: UploadTarget;
    if (c.kind === 'widget') {
      target = new WidgetTarget(new QuatrixClient({ site: c.site }), c.widgetId);
    } else {
      // The app signs in and gives the element its session token.
      const { sessionId } = await new QuatrixClient({ site: c.site }).login(c.email, c.password);
      const client = new QuatrixClient({ site: c.site, auth: { type: 'session', sessionToken: sessionId } });
      target = new FolderTarget(client, c.folderId);
    }
    const uploader = new Uploader({
      target,
      ...(c.sequential ? { concurrency: 1, smallFileConcurrency: 1 } : {}),
    });
    // What the element does when it is set up, before anyone drops a file.
    await uploader.checkTarget();
    pending = async () => {
      const done = new Promise<FilesRun>((resolve) => {
        uploader.on('all-done', ({ successful, failed }) =>
          resolve({
            ms: performance.now() - started,
            ids: successful.map((f) => f.result!.fileId),
            failed: failed.map((f) => `${f.name}: ${f.error?.message}`),
          }),
        );
      });
      const started = performance.now();
      uploader.addFiles(files.slice(0, c.count ?? files.length));
      const run = await done;
      uploader.dispose();
      return run;
    };
  },

  run() {
    const go = pending;
    pending = undefined;
    if (!go) throw new Error('setUp() first');
    return go();
  },
};
