import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldErr } from './field-error.js';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import { sprintVectors } from '../../infra/go-oracle/vectors.js';
import { objectDecoder } from '../../functions/admission/review/object-decoder.js';
import { labelSelectorAsSelector } from './selector-match.js';
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

/**
 * A requirement without `key` or `operator`: Go decodes either as "" (value
 * strings in metav1.LabelSelectorRequirement), so validation names them as
 * "" where it used to throw (an HTTP 500). Expected values are Go's
 * (`go-oracle formats`, vectors_selector.go): apimachinery v0.28.9
 * `pkg/apis/meta/v1/validation/validation.go` ValidateLabelSelector (l. 56)
 * and ValidateLabelSelectorRequirement (l. 70: the operator switch, l. 82
 * `not a valid selector operator`, l. 84 ValidateLabelName of the key),
 * `pkg/util/validation/validation.go` IsQualifiedName (l. 43, l. 64
 * `name part must be non-empty`), and `pkg/apis/meta/v1/helpers.go`
 * LabelSelectorAsSelector (l. 34, l. 61 `is not a valid label selector operator`).
 * Each selector goes through the SidecarSet decoder first, as a request's would.
 */
describe('label selectors as Go decodes and validates them (vectors Go printed)', () => {
  const decode = objectDecoder('apps.kruise.io/v1alpha1', 'SidecarSet');
  const decoded = (selector: unknown): LabelSelector => {
    const out = decode?.({
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      spec: { selector },
    });
    assert.ok(out !== undefined && 'object' in out, JSON.stringify(out));
    return (out.object as { spec: { selector: LabelSelector } }).spec.selector;
  };
  const vectors = goVectors('labelSelector');
  it('has vectors with a missing key and a missing operator', () =>
    assert.ok(vectors.length >= 10));
  for (const v of vectors) {
    const want = v.want as { validate: string[]; asSelector: string };
    it(`validates ${JSON.stringify(v.in)} as Go does`, () => {
      const sel = decoded(v.in);
      assert.deepStrictEqual(
        validateLabelSelector(sel, 'spec.selector').map(formatFieldErr),
        want.validate,
      );
      const converted = labelSelectorAsSelector(sel);
      assert.equal(converted.ok ? '' : converted.error, want.asSelector);
    });
  }
});
