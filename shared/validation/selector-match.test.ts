import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelSelector } from './label-selector.js';
import {
  isSelectorOverlapping,
  labelSelectorAsSelector,
  selectorMatches,
} from './selector-match.js';

// kruise@v1.7.4:pkg/webhook/sidecarset/validating/sidecarset_validating_test.go TestSelectorConflict
const overlapCases: { a: LabelSelector; b: LabelSelector; want: boolean }[] = [
  { a: { matchLabels: { a: 'h' } }, b: { matchLabels: { a: 'h' } }, want: true },
  { a: { matchLabels: { a: 'h' } }, b: { matchLabels: { a: 'i' } }, want: false },
  { a: { matchLabels: { a: 'h' } }, b: { matchLabels: { b: 'i' } }, want: true },
  {
    a: { matchLabels: { a: 'h', b: 'i', c: 'j' } },
    b: { matchLabels: { a: 'h', b: 'x', c: 'j' } },
    want: false,
  },
  {
    a: { matchLabels: { a: 'h' } },
    b: { matchExpressions: [{ key: 'a', operator: 'In', values: ['h', 'i', 'j'] }] },
    want: true,
  },
  {
    a: { matchLabels: { a: 'h' } },
    b: { matchExpressions: [{ key: 'a', operator: 'In', values: ['i', 'j'] }] },
    want: false,
  },
  {
    a: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['h', 'i'] }] },
    b: { matchLabels: { a: 'h' } },
    want: false,
  },
  {
    a: { matchLabels: { a: 'h' } },
    b: { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
    want: true,
  },
  {
    a: { matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] },
    b: { matchLabels: { a: 'h' } },
    want: false,
  },
];

describe('isSelectorOverlapping (OpenKruise TestSelectorConflict)', () => {
  overlapCases.forEach((c, i) => {
    it(`case ${i}: ${JSON.stringify(c.a)} vs ${JSON.stringify(c.b)} => ${c.want}`, () => {
      assert.equal(isSelectorOverlapping(c.a, c.b), c.want);
    });
  });
});

describe('labelSelectorAsSelector', () => {
  it('reports the bad value with its key, as labels.NewRequirement does', () => {
    assert.deepStrictEqual(
      labelSelectorAsSelector({
        matchExpressions: [{ key: 'k', operator: 'In', values: ['ok', 'bad-'] }],
      }),
      {
        ok: false,
        error:
          "values[1][k]: Invalid value: \"bad-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      },
    );
  });
  it("rejects unknown operators with the caller's wording", () => {
    const sel = { matchExpressions: [{ key: 'k', operator: 'Gt', values: ['1'] }] };
    assert.deepStrictEqual(labelSelectorAsSelector(sel), {
      ok: false,
      error: '"Gt" is not a valid label selector operator',
    });
    assert.deepStrictEqual(labelSelectorAsSelector(sel, 'pod selector'), {
      ok: false,
      error: '"Gt" is not a valid pod selector operator',
    });
  });
  it('rejects In without values', () => {
    assert.deepStrictEqual(
      labelSelectorAsSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] }),
      {
        ok: false,
        error:
          "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
      },
    );
  });
  it('matches like labels.Selector', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'zone', operator: 'Exists' },
      ],
    };
    assert.equal(selectorMatches(sel, { app: 'web', zone: 'a' }), true);
    assert.equal(selectorMatches(sel, { app: 'web', zone: 'a', tier: 'db' }), false);
    assert.equal(selectorMatches(sel, { app: 'web' }), false);
    assert.equal(selectorMatches({}, { any: 'thing' }), true);
    assert.equal(selectorMatches(undefined, { any: 'thing' }), false);
  });
});
