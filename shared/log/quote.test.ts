import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goQuote, klogString } from './quote.js';

describe('goQuote matches strconv.Quote', () => {
  const cases = [
    { in: 'plain', want: '"plain"' },
    { in: 'say "hi"\\', want: '"say \\"hi\\"\\\\"' },
    { in: '\u0007\b\f\n\r\t\u000b', want: '"\\a\\b\\f\\n\\r\\t\\v"' },
    { in: '\u0000\u001f\u007f', want: '"\\x00\\x1f\\x7f"' },
    { in: 'héllo 世界 ✓', want: '"héllo 世界 ✓"' },
    { in: '\u00a0\u2028\u0085', want: '"\\u00a0\\u2028\\u0085"' },
    { in: '\u{e0001}', want: '"\\U000e0001"' },
    { in: '😀', want: '"😀"' },
    { in: 'a\ud800b', want: '"a\\ufffdb"' },
  ];
  for (const c of cases) {
    it(`quotes ${JSON.stringify(c.in)}`, () => {
      assert.equal(goQuote(c.in), c.want);
    });
  }
});

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
