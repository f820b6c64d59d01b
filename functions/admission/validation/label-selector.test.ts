import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldErr } from './field-error.js';
import { sprintVectors } from '../../../infra/go-oracle/vectors.js';
import { goLabelSelector, validateLabelSelector, type LabelSelector } from './label-selector.js';

describe('validateLabelSelector', () => {
  const cases: { name: string; sel: LabelSelector; want: string[] }[] = [
    {
      name: 'accepts a valid selector',
      sel: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      want: [],
    },
    {
      name: 'requires values for In',
      sel: { matchExpressions: [{ key: 'a', operator: 'In' }] },
      want: [
        "s.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      ],
    },
    {
      name: 'forbids values for Exists and checks the operator',
      sel: {
        matchExpressions: [
          { key: 'a', operator: 'Exists', values: ['x'] },
          { key: 'b', operator: 'Gt', values: ['1'] },
        ],
      },
      want: [
        "s.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        's.matchExpressions[1].operator: Invalid value: "Gt": not a valid selector operator',
      ],
    },
    {
      name: 'checks label keys with prefix',
      sel: { matchLabels: { '/x': 'y' } },
      want: ['s.matchLabels: Invalid value: "/x": prefix part must be non-empty'],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepStrictEqual(validateLabelSelector(c.sel, 's').map(formatFieldErr), c.want),
    );
  }
});

describe('goLabelSelector against fmt %#v (vectors Go printed)', () => {
  it('renders a metav1.LabelSelector as Go does', () => {
    const vectors = sprintVectors('labelSelector');
    assert.ok(vectors.length > 0);
    for (const [value, want] of vectors)
      assert.equal(goLabelSelector(value as LabelSelector), want);
  });
});
