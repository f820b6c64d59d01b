import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { klogString } from './quote.js';

describe('klogString', () => {
  const cases = [
    { in: 'one line', want: '"one line"' },
    { in: 'a\nb', want: '<\n\ta\n\tb\n >' },
    { in: 'a\nb\n', want: '<\n\ta\n\tb\n >' },
    { in: '\n', want: '<\n\t\n >' },
    { in: 'x "q"\ny', want: '<\n\tx "q"\n\ty\n >' },
  ];
  for (const c of cases) {
    it(`writes ${JSON.stringify(c.in)} as klog does`, () => {
      assert.equal(klogString(c.in), c.want);
    });
  }
});
