import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import { canonicalQuantity, quantityDecodeError } from './quantity.js';

// Expected values from k8s.io/apimachinery resource.Quantity marshalling.
const cases: readonly (readonly [string | number | null, string])[] = [
  ['100m', '100m'],
  ['0.1', '100m'],
  ['1000m', '1'],
  ['1.5', '1500m'],
  ['1000', '1k'],
  ['1500', '1500'],
  ['1024Mi', '1Gi'],
  ['128Mi', '128Mi'],
  ['1.5Gi', '1536Mi'],
  ['1.5Ki', '1536'],
  ['0.5Gi', '512Mi'],
  ['1e3', '1e3'],
  ['12e-12', '1e-9'],
  ['0.0000000001', '1n'],
  ['+1', '+1'],
  ['-0.5', '-500m'],
  ['0m', '0'],
  [0.5, '500m'],
  [1, '1'],
  [null, '0'],
];

describe('canonicalQuantity', () => {
  for (const [input, want] of cases) {
    it(`writes ${JSON.stringify(input)} as ${want}`, () => {
      assert.equal(canonicalQuantity(input), want);
    });
  }
});

describe('resource.Quantity against Go (vectors Go printed)', () => {
  it('decodes with the error Go gives, or marshals to the text Go marshals', (t) => {
    const vectors = goVectors('quantity');
    t.diagnostic(`${vectors.length} values compared`);
    for (const v of vectors) {
      const input = v.in as { string?: string; number?: string };
      const value: unknown = input.string ?? JSON.parse(input.number ?? 'null');
      const error = quantityDecodeError(value);
      assert.deepEqual(
        error === undefined ? { canonical: canonicalQuantity(value) } : { error },
        v.want,
        JSON.stringify(v.in),
      );
    }
  });
});
