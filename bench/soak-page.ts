/**
 * The page side of `npm run bench:soak`: sends the planned files, picked through a file input (disk
 * backed, as people pick them), through the real engine, as an application would drive it: it solves a
 * CAPTCHA when asked, and when the session has ended, it signs in again and hands the files that failed
 * to a new engine (which resumes them from storage).
 */
import { QuatrixClient } from '../src/api/index.js';
import {
  FolderTarget,
  retryTransient,
  Uploader,
  WidgetTarget,
  type UploadTarget,
} from '../src/upload/index.js';
import type { PlannedFile } from './soak-plan.js';

export interface SoakRun {
  kind: 'widget' | 'folder-key' | 'folder-session';
  site: string;
  files: PlannedFile[];
  widgetId?: string;
  folderId?: string;
  apiKey?: string;
  email?: string;
  password?: string;
}

export interface SoakReport {
  /** Paths the engine finished, with the file id the server answered. */
  done: Array<{ path: string; fileId: string }>;
  /** Paths that failed for good, with the engine's reason. */
  failed: Array<{ path: string; reason: string; message: string }>;
  /** Engines made: one, plus one for each sign-in after the session ended. */
  engines: number;
  captchas: number;
  seconds: number;
}

declare global {
  interface Window {
    soak: { run(run: SoakRun): Promise<SoakReport>; progress(): string };
  }
}

let current: Uploader | undefined;

/** The picker the Node side fills with the planned files (`ElementHandle.uploadFile`). */
const input = document.body.appendChild(
  Object.assign(document.createElement('input'), { type: 'file', multiple: true, id: 'files' }),
);

const MAX_ENGINES = 6;

window.soak = {
  async run(run) {
    const picked = new Map([...(input.files ?? [])].map((f) => [f.name, f]));
    const byPath = new Map(
      run.files.map((f) => {
        const file = picked.get(f.path.split('/').pop()!);
        if (!file) throw new Error(`${f.path} was not picked`);
        return [f.path, file];
      }),
    );
    const client = new QuatrixClient({
      site: run.site,
      auth: run.kind === 'folder-key' ? { type: 'apiKey', apiKey: run.apiKey! } : { type: 'none' },
    });
    // Signing in is the application's call: it retries as the engine does.
    const signIn = async (): Promise<void> => {
      await retryTransient((signal) => client.login(run.email!, run.password!, { signal }));
    };
    if (run.kind === 'folder-session') await signIn();
    const report: SoakReport = { done: [], failed: [], engines: 0, captchas: 0, seconds: 0 };
    const started = performance.now();
    let pending = [...byPath.keys()];
    while (pending.length > 0 && report.engines < MAX_ENGINES) {
      report.engines++;
      const target: UploadTarget =
        run.kind === 'widget'
          ? new WidgetTarget(client, run.widgetId!, { payload: { name: 'Soak', email: 'soak@example.com' } })
          : new FolderTarget(client, run.folderId!);
      const uploader = (current = new Uploader({ target, keepaliveIntervalMs: 2_000 }));
      uploader.on('captcha-required', () => {
        report.captchas++;
        void uploader.solveCaptcha(`pass-soak-${report.captchas}`);
      });
      const finished = new Promise<{ failed: SoakReport['failed'] }>((resolve) => {
        uploader.on('all-done', ({ successful, failed }) => {
          for (const f of successful)
            report.done.push({ path: f.relativePath ?? f.name, fileId: f.result!.fileId });
          resolve({
            failed: failed.map((f) => ({
              path: f.relativePath ?? f.name,
              reason: f.error?.reason ?? '?',
              message: f.error?.message ?? '',
            })),
          });
        });
      });
      uploader.addFiles(pending.map((path) => ({ file: byPath.get(path)!, relativePath: path })));
      const { failed } = await finished;
      uploader.dispose();
      // Signed out by the server: sign in again, and the failed files go to a new engine.
      const signedOut = failed.some((f) => f.reason === 'unauthorized');
      if (signedOut && run.kind === 'folder-session') await signIn();
      pending = signedOut ? failed.map((f) => f.path) : [];
      if (!signedOut || report.engines === MAX_ENGINES) report.failed.push(...failed);
    }
    report.seconds = (performance.now() - started) / 1000;
    return report;
  },

  /** How many files of the current engine are in each status (and why the blocked ones wait). */
  progress() {
    const counts = new Map<string, number>();
    for (const f of current?.getState().files ?? []) {
      const key = f.status === 'paused' ? `paused(${f.pausedBy})` : f.status;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const state = current?.getState();
    const retrying = (state?.files ?? [])
      .filter((f) => f.status === 'retrying')
      .map(
        (f) =>
          `${f.name} at ${f.bytesUploaded}/${f.size}, try ${f.retryAttempt ?? 0}` +
          (f.retryAt ? ` in ${Math.round((f.retryAt - Date.now()) / 1000)} s` : '') +
          (f.error ? ` (${f.error.reason}: ${f.error.message})` : ''),
      );
    return (
      [...counts].map(([k, n]) => `${k} ${n}`).join(', ') +
      (state?.captchaRequired ? ' (CAPTCHA required)' : '') +
      (retrying.length ? `; retrying: ${retrying.join('; ')}` : '')
    );
  },
};
