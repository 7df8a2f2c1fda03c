import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALLOWED_FROM, canTransition } from '../../src/upload/file-state.js';
import { TERMINAL_STATUSES, type UploadStatus } from '../../src/upload/types.js';

const ALL = Object.keys(ALLOWED_FROM) as UploadStatus[];

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
