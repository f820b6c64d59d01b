import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldErr } from './field-error.js';
import { getScaledValueFromIntOrPercent, validatePositiveIntOrPercent } from './int-or-string.js';

describe('validatePositiveIntOrPercent', () => {
  const cases = [
    { v: 1, want: [] },
    { v: 0, want: [] },
    { v: '25%', want: [] },
    { v: -2, want: ['p: Invalid value: -2: must be greater than or equal to 0'] },
    {
      v: '25',
      want: [
        "p: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"25\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    },
  ];
  for (const c of cases) {
    it(`checks ${JSON.stringify(c.v)}`, () => {
      assert.deepStrictEqual(validatePositiveIntOrPercent(c.v, 'p').map(formatFieldErr), c.want);
    });
  }
});

describe('getScaledValueFromIntOrPercent', () => {
  const cases = [
    { v: 3, total: 10, up: true, want: { value: 3 } },
    { v: '25%', total: 10, up: true, want: { value: 3 } },
    { v: '25%', total: 10, up: false, want: { value: 2 } },
    { v: '50%', total: 1, up: true, want: { value: 1 } },
    {
      v: '5',
      total: 1,
      up: true,
      want: { error: 'invalid value for IntOrString: invalid type: string is not a percentage' },
    },
    {
      v: 'x%',
      total: 1,
      up: true,
      want: {
        error:
          'invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax',
      },
    },
    { v: undefined, total: 1, up: true, want: { error: 'nil value for IntOrString' } },
  ];
  for (const c of cases) {
    it(`scales ${JSON.stringify(c.v)} of ${c.total}`, () => {
      assert.deepStrictEqual(getScaledValueFromIntOrPercent(c.v, c.total, c.up), c.want);
    });
  }
});
