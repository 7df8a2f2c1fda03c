import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalResumeStorage, resumeKey, type ResumeRecord } from '../../src/upload/resume-store.js';

/** A Web Storage over a Map: the same interface the browser's localStorage offers. */
class MapStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}

const record = (over: Partial<ResumeRecord> = {}): ResumeRecord => ({
  targetKey: 'widget:https://x:w',
  uploadKey: 'k',
  name: 'a.bin',
  relativePath: 'a.bin',
  size: 10,
  lastModified: 1,
  confirmed: 4,
  startedAt: Date.now(),
  ...over,
});

describe('resume records', () => {
  it('should keep records per target and forget old or broken ones', () => {
    const storage = new MapStorage();
    const store = new LocalResumeStorage(() => storage);
    const key = resumeKey('widget:https://x:w', { relativePath: 'a.bin', size: 10, lastModified: 1 });
    store.set(key, record());
    store.set('other', record({ targetKey: 'folder:https://x:f' }));
    store.set('old', record({ startedAt: Date.now() - 8 * 24 * 3600 * 1000 }));
    storage.setItem('quatrix-upload:resume:broken', '{not json');
    storage.setItem('unrelated', 'kept');
    assert.deepEqual(store.get(key), record({ startedAt: store.get(key)!.startedAt }));
    assert.deepEqual(
      store.list('widget:https://x:w').map(([k]) => k),
      [key],
    );
    assert.equal(storage.getItem('quatrix-upload:resume:old'), null, 'an expired record is removed');
    assert.equal(storage.getItem('quatrix-upload:resume:broken'), null, 'a broken record is removed');
    assert.equal(storage.getItem('unrelated'), 'kept');
    store.remove(key);
    assert.equal(store.get(key), undefined);
  });

  it('should keep a record no longer than its maximum age (24 hours by default), even when read directly', () => {
    const storage = new MapStorage();
    const byDefault = new LocalResumeStorage(() => storage);
    byDefault.set('day-old', record({ startedAt: Date.now() - 25 * 3600 * 1000 }));
    byDefault.set('fresh', record({ startedAt: Date.now() - 23 * 3600 * 1000 }));
    assert.equal(byDefault.get('day-old'), undefined);
    assert.equal(
      storage.getItem('quatrix-upload:resume:day-old'),
      null,
      'an expired key is removed when read',
    );
    assert.ok(byDefault.get('fresh'));
    const short = new LocalResumeStorage(() => storage, 60_000);
    short.set('minute-old', record({ startedAt: Date.now() - 61_000 }));
    assert.equal(short.get('minute-old'), undefined);
    assert.equal(short.get('fresh'), undefined);
  });

  it('should drop a malformed unanswered range instead of trusting it', () => {
    const storage = new MapStorage();
    const store = new LocalResumeStorage(() => storage);
    store.set('k', { ...record(), unanswered: { start: 4, end: 'x' as unknown as number } });
    assert.equal(store.get('k')!.unanswered, undefined);
    store.set('ok', { ...record(), unanswered: { start: 4, end: 8 } });
    assert.deepEqual(store.get('ok')!.unanswered, { start: 4, end: 8 });
  });

  it('should degrade to no resume when storage throws (private mode, sandboxed frames, full quota)', () => {
    const store = new LocalResumeStorage(() => {
      throw new Error('SecurityError');
    });
    store.set('k', record());
    assert.equal(store.get('k'), undefined);
    assert.deepEqual(store.list('widget:https://x:w'), []);
    const full = new MapStorage();
    full.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const quota = new LocalResumeStorage(() => full);
    assert.doesNotThrow(() => quota.set('k', record()));
  });
});

describe('resume records of encrypted copies', () => {
  it('should keep a record naming its copy, and drop one whose copy cannot be found again', () => {
    const storage = new MapStorage();
    const store = new LocalResumeStorage(() => storage);
    const copy = { name: 'quatrix-upload-x.pgp', size: 12, key: 'ABCD' };
    store.set('whole', record({ copy }));
    assert.deepEqual(store.get('whole')?.copy, copy);
    for (const [key, broken] of [
      ['no-name', { size: 12, key: 'ABCD' }],
      ['bad-size', { name: 'n', size: 1.5, key: 'ABCD' }],
      ['no-key', { name: 'n', size: 12 }],
    ] as const) {
      storage.setItem(`quatrix-upload:resume:${key}`, JSON.stringify({ ...record(), copy: broken }));
      // The upload sent the copy's bytes: without its copy it continues nothing.
      assert.equal(store.get(key), undefined, key);
    }
  });
});
