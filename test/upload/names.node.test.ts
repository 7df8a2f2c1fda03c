import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRenamingOf } from '../../src/upload/names.js';

describe('isRenamingOf', () => {
  it('should take the asked name and its numbered renamings in the shape the server answered', () => {
    assert.equal(isRenamingOf('report.pdf', 'report.pdf', 'report (2).pdf'), true);
    assert.equal(isRenamingOf('report (1).pdf', 'report.pdf', 'report (2).pdf'), true);
    assert.equal(isRenamingOf('report (17).pdf', 'report.pdf', 'report (2).pdf'), true);
    assert.equal(isRenamingOf('report_1.pdf', 'report.pdf', 'report_2.pdf'), true);
    assert.equal(isRenamingOf('notes (1)', 'notes', 'notes (2)'), true);
  });

  it('should refuse other names, the answer itself, and renamings without a number', () => {
    assert.equal(isRenamingOf('report (2).pdf', 'report.pdf', 'report (2).pdf'), false);
    assert.equal(isRenamingOf('report (a).pdf', 'report.pdf', 'report (2).pdf'), false);
    assert.equal(isRenamingOf('report (1).txt', 'report.pdf', 'report (2).pdf'), false);
    assert.equal(isRenamingOf('draft report (1).pdf', 'report.pdf', 'report (2).pdf'), false);
    assert.equal(isRenamingOf('report (1) (1).pdf', 'report.pdf', 'report (2).pdf'), false);
    assert.equal(isRenamingOf('report copy.pdf', 'report.pdf', 'report copy.pdf'), false);
    assert.equal(isRenamingOf('other.pdf', 'report.pdf', 'report.pdf'), false);
  });
});
