import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FolderTree } from '../../src/upload/folders.js';
import { backoffDelay, shouldRetryStatus } from '../../src/upload/retry.js';
import { nextChunkSize } from '../../src/upload/transports/chunk-size.js';
import { etaSeconds, SpeedMeter } from '../../src/upload/progress.js';
import { toUploadError } from '../../src/upload/errors.js';
import { QuatrixError, QuatrixNetworkError } from '../../src/api/index.js';

const MiB = 1024 * 1024;

describe('retry policy', () => {
  it('should grow delays exponentially with jitter, within the cap', () => {
    const low = [0, 1, 2, 3, 10].map((a) => backoffDelay(a, 500, 30_000, () => 0));
    const high = [0, 1, 2, 3, 10].map((a) => backoffDelay(a, 500, 30_000, () => 1));
    assert.deepEqual(low, [250, 500, 1000, 2000, 15_000]);
    assert.deepEqual(high, [500, 1000, 2000, 4000, 30_000]);
  });

  it('should retry network faults, 429 and 5xx only', () => {
    assert.deepEqual([0, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 504, 509].map(shouldRetryStatus), [
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe('adaptive chunk size', () => {
  const sizing = { initial: 8 * MiB, min: 5 * MiB, max: 128 * MiB, targetSeconds: 3 };

  it('should aim at the target time, at most four times the last chunk, within bounds', () => {
    // 8 MiB in 100 ms (~84 MB/s): 3 s would be ~240 MiB; four times caps it at 32 MiB.
    assert.equal(nextChunkSize(sizing, 8 * MiB, 100), 32 * MiB);
    // 64 MiB in 200 ms: capped at the maximum.
    assert.equal(nextChunkSize(sizing, 64 * MiB, 200), 128 * MiB);
    // 8 MiB in 12 s (slow link): 2 MiB wanted, the minimum is 5 MiB.
    assert.equal(nextChunkSize(sizing, 8 * MiB, 12_000), 5 * MiB);
    // 16 MiB in 4 s: 12 MiB.
    assert.equal(nextChunkSize(sizing, 16 * MiB, 4000), 12 * MiB);
    assert.equal(nextChunkSize(sizing, 0, 0), 8 * MiB);
  });
});

describe('progress', () => {
  it('should smooth speed and compute the ETA', () => {
    const meter = new SpeedMeter(1000, 100);
    meter.sample(0, 0);
    assert.equal(meter.bytesPerSecond, undefined);
    meter.sample(1_000_000, 1000);
    assert.equal(meter.bytesPerSecond, 1_000_000);
    meter.sample(1_000_050, 1050); // too soon: ignored
    meter.sample(1_000_000 + 3_000_000, 2000);
    const speed = meter.bytesPerSecond!;
    assert.ok(speed > 1_000_000 && speed < 3_000_000, `smoothed ${speed}`);
    assert.equal(etaSeconds(2_000_000, 1_000_000), 2);
    assert.equal(etaSeconds(10, undefined), undefined);
    assert.equal(etaSeconds(0, undefined), 0);
  });
});

describe('folder tree', () => {
  it('should make each folder once under concurrency, and try again after a failure', async () => {
    const made: string[] = [];
    let failNext = true;
    const tree = new FolderTree(async (name, parent) => {
      await new Promise((r) => setTimeout(r, 5));
      if (name === 'flaky' && failNext) {
        failNext = false;
        throw new Error('503');
      }
      made.push(`${parent ?? '/'}>${name}`);
      return `${parent ?? ''}/${name}`;
    });
    const ids = await Promise.all([
      tree.ensure(['a', 'b']),
      tree.ensure(['a', 'b']),
      tree.ensure(['a']),
      tree.ensure(['a', 'c']),
    ]);
    assert.deepEqual(ids, ['/a/b', '/a/b', '/a', '/a/c']);
    assert.deepEqual(made.sort(), ['/>a', '/a>b', '/a>c']);
    assert.equal(await tree.ensure([]), undefined);
    await assert.rejects(tree.ensure(['flaky']));
    assert.equal(await tree.ensure(['flaky']), '/flaky');
  });
});

describe('upload errors', () => {
  const server = (status: number, code: number, details?: Record<string, unknown>) =>
    new QuatrixError({ method: 'POST', url: 'https://x', status, code, msg: 'm', details });

  it('should map Quatrix codes to reasons, and mark the fatal ones', () => {
    const cases: Array<[QuatrixError, string, boolean]> = [
      [server(403, 78), 'captcha-required', false],
      [server(403, 79), 'file-limit', false],
      [server(403, 50, { files_per_share: 2 }), 'file-limit', false],
      [server(403, 50, { user_limit: 1 }), 'restricted', false],
      [server(404, 91), 'widget-not-found', true],
      [server(403, 60), 'expired', true],
      [server(403, 76), 'not-allowed', true],
      [server(403, 80), 'deactivated', true],
      [server(403, 73), 'pin-required', false],
      [server(401, 70), 'unauthorized', true],
      [server(409, 30), 'name', false],
      [server(400, 10, { field: 'name' }), 'name', false],
      [server(503, -1), 'server', false],
      [server(400, 11), 'rejected', false],
    ];
    for (const [error, reason, fatal] of cases) {
      const mapped = toUploadError(error);
      assert.equal(mapped.reason, reason, `code ${error.code}`);
      assert.equal(mapped.fatal, fatal, `code ${error.code}`);
      assert.equal(mapped.code, error.code);
      assert.equal(mapped.cause, error);
    }
    assert.equal(
      toUploadError(new QuatrixNetworkError('GET', 'https://x', new Error('x'))).reason,
      'network',
    );
  });
});
