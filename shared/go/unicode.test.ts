import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { goFormats } from '../../infra/go-oracle/oracle.js';
import { PRINT_RANGES_FILE, printRangesSource } from '../../infra/go-oracle/tables.js';
import { GO_UNICODE_VERSION } from './print-ranges.js';
import { goTrimSpace, isGoPrint } from './unicode.js';

describe('isGoPrint', () => {
  it('is the table `go-oracle printable` writes (regenerate: npx tsx infra/go-oracle/write-tables.ts)', async () => {
    assert.equal(readFileSync(PRINT_RANGES_FILE, 'utf8'), await printRangesSource());
    assert.equal(GO_UNICODE_VERSION, goFormats().unicode);
  });

  const cases = [
    { cp: 0x20, want: true },
    { cp: 0x7f, want: false },
    { cp: 0xa0, want: false },
    { cp: 0xad, want: false },
    { cp: 0x30000, want: true },
    { cp: 0x31350, want: false },
    { cp: 0x10ffff, want: false },
  ];
  for (const c of cases) {
    it(`says U+${c.cp.toString(16)} is ${c.want ? '' : 'not '}printable`, () => {
      assert.equal(isGoPrint(c.cp), c.want);
    });
  }
});

describe('goTrimSpace', () => {
  // The resource.Quantity vectors prove it against Go's strings.TrimSpace too.
  const cases = [
    { in: '\u00a0 x \u3000', want: 'x' },
    { in: '\u0085x', want: 'x' },
    { in: '\ufeffx', want: '\ufeffx' },
    { in: '\t\n\v\f\r x', want: 'x' },
    { in: '\u200bx', want: '\u200bx' },
  ];
  for (const c of cases) {
    it(`trims ${JSON.stringify(c.in)} as strings.TrimSpace does`, () => {
      assert.equal(goTrimSpace(c.in), c.want);
    });
  }
});
