import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldErr } from './field-error.js';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import { sprintVectors } from '../../infra/go-oracle/vectors.js';
import {
  getScaledValueFromIntOrPercent,
  goIntOrString,
  validatePositiveIntOrPercent,
  type IntOrString,
} from './int-or-string.js';

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

describe('intstr against Go (vectors Go printed)', () => {
  it('scales as intstr.GetScaledValueFromIntOrPercent does, errors included', (t) => {
    const vectors = goVectors('intstr');
    t.diagnostic(`${vectors.length} values compared`);
    for (const v of vectors) {
      const input = v.in as { value: number | string; total: number; roundUp: boolean };
      const got = getScaledValueFromIntOrPercent(input.value, input.total, input.roundUp);
      assert.deepStrictEqual(got, v.want, JSON.stringify(input));
    }
  });

  it('renders an IntOrString as %#v does', () => {
    const vectors = sprintVectors('intOrString');
    assert.ok(vectors.length > 0);
    for (const [value, want] of vectors) assert.equal(goIntOrString(value as IntOrString), want);
  });
});
