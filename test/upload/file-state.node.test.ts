import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOWED_FROM, canTransition, transition } from '../../src/upload/file-state.js';
import { FileBook } from '../../src/upload/files.js';
import { acceptFile } from '../../src/upload/stages/accept.js';
import { TERMINAL_STATUSES, type UploadFileState, type UploadStatus } from '../../src/upload/types.js';

const ALL = Object.keys(ALLOWED_FROM) as UploadStatus[];
const SIZING = { initial: 1024, min: 1024, max: 1024, targetSeconds: 1 };

describe('file states', () => {
  it('should lead nowhere from done, and from failed and cancelled only back to queued', () => {
    for (const to of ALL) assert.equal(canTransition('done', to), false, `done → ${to}`);
    for (const from of ['failed', 'cancelled'] as const)
      assert.deepEqual(
        ALL.filter((to) => canTransition(from, to)),
        ['queued'],
      );
  });

  it('should let every status that has not ended fail or be cancelled', () => {
    for (const from of ALL.filter((s) => !TERMINAL_STATUSES.has(s))) {
      assert.equal(canTransition(from, 'failed'), true, `${from} → failed`);
      assert.equal(canTransition(from, 'cancelled'), true, `${from} → cancelled`);
    }
  });

  it('should reach done only through the upload, and the upload only through preparing', () => {
    assert.deepEqual(ALLOWED_FROM.done, ['uploading', 'finalizing']);
    assert.equal(canTransition('queued', 'uploading'), false);
    assert.equal(canTransition('queued', 'done'), false);
    assert.equal(canTransition('paused', 'uploading'), false, 'a paused file goes back to the queue first');
    assert.equal(canTransition('blocked', 'preparing'), false, 'a blocked file goes back to the queue first');
  });

  it('should name no status twice and none unknown', () => {
    for (const [to, from] of Object.entries(ALLOWED_FROM)) {
      assert.equal(new Set(from).size, from.length, to);
      for (const f of from) assert.ok(ALL.includes(f), `${f} → ${to}`);
      assert.ok(!from.includes(to as UploadStatus), `${to} → ${to}`);
    }
  });
});

describe('transition()', () => {
  /** A new file's state (as the accept stage makes it), in `status`. */
  const state = (status: UploadStatus): UploadFileState => ({
    ...acceptFile(new File(['x'], 'a.txt'), 'folder:test', SIZING).state,
    status,
  });

  it('should apply an allowed move with its patch, and refuse any other', () => {
    for (const from of ALL)
      for (const to of ALL) {
        const next = transition(state(from), to, { percent: 50 });
        if (from === to || canTransition(from, to)) {
          assert.equal(next?.status, to, `${from} → ${to}`);
          assert.equal(next?.percent, 50);
        } else assert.equal(next, undefined, `${from} → ${to} must be refused`);
      }
  });

  it('should leave the state it was given unchanged', () => {
    const before = state('queued');
    transition(before, 'preparing', { bytesUploaded: 1 });
    assert.equal(before.status, 'queued');
    assert.equal(before.bytesUploaded, 0);
  });
});

describe('FileBook', () => {
  const book = (): { book: FileBook; events: string[]; changes: number[] } => {
    const events: string[] = [];
    const changes = [0];
    const b = new FileBook(
      (event, detail) => {
        if (event === 'file-status') {
          const { file, previous } = detail as { file: UploadFileState; previous: UploadStatus };
          events.push(`${previous}→${file.status}`);
        }
      },
      () => changes[0]!++,
    );
    b.entries.push(acceptFile(new File(['hello'], 'a.txt'), 'folder:test', SIZING));
    return { book: b, events, changes };
  };

  it('should say every status change once, and refuse a move the table does not allow', () => {
    const { book: b, events } = book();
    const entry = b.entries[0]!;
    assert.equal(b.move(entry, 'uploading'), false, 'queued → uploading skips preparing');
    assert.equal(entry.state.status, 'queued');
    assert.equal(b.move(entry, 'preparing'), true);
    assert.equal(b.move(entry, 'preparing'), true, 'staying is allowed');
    assert.equal(b.move(entry, 'uploading', { bytesUploaded: 2 }), true);
    assert.equal(b.move(entry, 'done'), true);
    assert.equal(b.move(entry, 'failed'), false, 'done is final');
    assert.deepEqual(events, ['queued→preparing', 'preparing→uploading', 'uploading→done']);
    assert.equal(entry.state.bytesUploaded, 2);
  });

  it('should change other fields without a status event, and report every change', () => {
    const { book: b, events, changes } = book();
    b.patch(b.entries[0]!, { percent: 10 });
    assert.equal(b.entries[0]!.state.percent, 10);
    assert.deepEqual(events, []);
    assert.equal(changes[0], 1);
  });
});

describe('status changes in the engine', () => {
  it('should go through FileBook alone: no other source of src/upload writes a file state', () => {
    const root = fileURLToPath(new URL('../../src/upload/', import.meta.url));
    const sources = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const writers = sources.filter((f) => /\.state\s*=[^=]/.test(readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(writers, ['files.ts']);
  });
});
