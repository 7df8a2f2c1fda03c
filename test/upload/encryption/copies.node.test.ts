import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepCopy } from '../../../src/upload/encryption/copies.js';

const streamOf = (...parts: number[]): ReadableStream<Uint8Array> =>
  new Blob(parts.map((n) => new Uint8Array(n).fill(n % 251))).stream();

describe('encrypted copies without an origin-private file system', () => {
  it('should keep the copy in memory, whole', async () => {
    const copy = await keepCopy(streamOf(1000, 2000), { limit: 10_000 });
    assert.equal(copy.blob.size, 3000);
    await copy.release();
  });

  it('should refuse a copy beyond the memory limit as too large, naming the limit', async () => {
    await assert.rejects(
      keepCopy(streamOf(6000, 6000), { limit: 10_000 }),
      (e: { reason?: string; details?: unknown }) => {
        assert.equal(e.reason, 'too-large');
        assert.deepEqual(e.details, { limit: 10_000 });
        return true;
      },
    );
  });
});
