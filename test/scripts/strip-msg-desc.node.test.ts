import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripMsgDescriptions } from '../../scripts/strip-msg-desc.js';

const transform = (code: string): string | undefined => {
  const hook = stripMsgDescriptions().transform as (code: string, id: string) => { code: string } | null;
  return hook(code, '/repo/src/x.ts')?.code;
};

describe('stripMsgDescriptions (build plugin)', () => {
  it('should blank every desc string, keeping ids and every position', () => {
    const code = [
      "msg('Send', { id: 'widget.send', desc: 'Button that sends.' });",
      'msg(str`${n} files`, { id: "list.n", desc: "Count, with an \\"escaped\\" quote." });',
      "msg('Hi', {\n  id: 'hi',\n  desc: \"It's multi-line.\",\n});",
    ].join('\n');
    const out = transform(code)!;
    assert.equal(out.length, code.length);
    assert.equal(out.split('\n').length, code.split('\n').length);
    assert.doesNotMatch(out, /desc|Button that|escaped|multi-line/);
    for (const id of ['widget.send', 'list.n', 'hi'])
      assert.ok(out.includes(`id: '${id}'`) || out.includes(`id: "${id}"`));
  });

  it('should refuse a desc that is not one string literal instead of cutting code', () => {
    assert.throws(() => transform("msg('x', { id: 'x', desc: 'a' + 'b' });"), /one string literal/);
  });

  it('should leave code without a desc alone', () => {
    assert.equal(transform('const desc = 1;'), undefined);
  });
});
