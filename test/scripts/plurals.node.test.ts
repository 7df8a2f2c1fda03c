import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generate } from '../../scripts/plurals.js';
import { PLURAL_TABLE } from '../../src/localization/plural-table.js';

describe('plural messages', () => {
  it('should be generated from the table, as committed', () => {
    const committed = readFileSync(new URL('../../src/generated/plurals.ts', import.meta.url), 'utf8');
    assert.equal(committed, generate(), 'run `npm run i18n:plurals`');
  });

  it('should give every row one message per CLDR category, under its own id', () => {
    const text = generate();
    for (const row of PLURAL_TABLE)
      for (const category of ['zero', 'one', 'two', 'few', 'many', 'other'])
        assert.equal(text.split(`id: "${row.id}.${category}"`).length, 2, `${row.id}.${category}`);
  });
});
