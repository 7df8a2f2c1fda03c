import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptFile, nameRefusal, overLimits } from '../../../src/upload/stages/accept.js';

const SIZING = { initial: 1024, min: 1024, max: 1024, targetSeconds: 1 };
const file = (name: string, size: number): File =>
  new File([new Uint8Array(size)], name, { lastModified: 1_700_000_000_000 });

describe('accept stage', () => {
  it('should keep the folder path apart from the name, and key the file by path, size and date', () => {
    const a = acceptFile({ file: file('c.txt', 3), relativePath: 'A/B//c.txt' }, 'folder:x', SIZING);
    assert.deepEqual(a.folderPath, ['A', 'B']);
    assert.equal(a.state.relativePath, 'A/B/c.txt');
    assert.equal(a.facts.name, 'c.txt');
    assert.equal(a.state.status, 'queued');
    const b = acceptFile({ file: file('c.txt', 3), relativePath: 'A/B/c.txt' }, 'folder:x', SIZING);
    assert.notEqual(a.state.id, b.state.id);
    assert.equal(a.resumeKey, b.resumeKey);
  });

  it('should refuse the first name on the path that Quatrix would not take', () => {
    const bad = acceptFile({ file: file('ok.txt', 1), relativePath: 'a\u0000b/ok.txt' }, 'folder:x', SIZING);
    assert.equal(nameRefusal(bad)?.reason, 'name');
    assert.equal(nameRefusal(acceptFile(file('ok.txt', 1), 'folder:x', SIZING)), undefined);
  });

  it('should refuse the files beyond the allowance, then those beyond the storage left, in order', () => {
    const files = [file('1', 10), file('2', 50), file('3', 10), file('4', 10)].map((f) =>
      acceptFile(f, 'folder:x', SIZING),
    );
    const refused = overLimits(files, 3, 25);
    assert.deepEqual(
      refused.map((r) => [r.entry.facts.name, r.error.reason]),
      [
        ['4', 'file-limit'],
        ['2', 'restricted'],
      ],
    );
    assert.deepEqual(refused[1]!.error.details, { bytesRemaining: 15, size: 50 });
    assert.equal(overLimits(files, -1, undefined).length, 4, 'a negative allowance takes nothing');
    assert.deepEqual(overLimits(files, undefined, undefined), []);
  });
});
