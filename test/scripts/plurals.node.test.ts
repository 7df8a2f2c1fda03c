import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generate, generateMessages } from '../../scripts/plurals.js';
import { PLURAL_TABLE } from '../../src/localization/plural-table.js';

describe('plural messages', () => {
  it('should be generated from the table, as committed', () => {
    const read = (name: string): string =>
      readFileSync(new URL(`../../src/generated/${name}`, import.meta.url), 'utf8');
    assert.equal(read('plurals.ts'), generate(), 'run `npm run i18n:plurals`');
    assert.equal(read('plurals.messages.ts'), generateMessages(), 'run `npm run i18n:plurals`');
  });

  it('should give translators every row in one message per CLDR category, under its own id', () => {
    const text = generateMessages();
    for (const row of PLURAL_TABLE)
      for (const category of ['zero', 'one', 'two', 'few', 'many', 'other'])
        assert.equal(text.split(`id: "${row.id}.${category}"`).length, 2, `${row.id}.${category}`);
  });

  it("should ask at run time for the id of the count's category, with the English of one or other", () => {
    const text = generate();
    for (const row of PLURAL_TABLE) assert.ok(text.includes(`pluralMsg(value, "${row.id}",`), row.id);
  });
});
