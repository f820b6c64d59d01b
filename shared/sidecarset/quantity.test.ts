import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import {
  canonicalQuantity,
  compareQuantities,
  milliValue,
  quantityAmount,
  quantityDecodeError,
} from './quantity.js';

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

// resource.Quantity.MilliValue (apimachinery v0.28.9 api/resource/quantity.go:749,
// overflow as scale_int.go:43 and math.go:140 wrap it) and `%#v` of the
// decoded struct, as Go answers them (pointers masked).
describe('quantityAmount', () => {
  const table: readonly (readonly [string, bigint, string])[] = [
    [
      '1',
      1000n,
      'i:resource.int64Amount{value:1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1", Format:"DecimalSI"',
    ],
    [
      '500m',
      500n,
      'i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"',
    ],
    [
      '1.5',
      1500n,
      'i:resource.int64Amount{value:15, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"',
    ],
    [
      '1.9999',
      2000n,
      'i:resource.int64Amount{value:19999, scale:-4}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"',
    ],
    [
      '0.0001',
      1n,
      'i:resource.int64Amount{value:1, scale:-4}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"',
    ],
    [
      '1E',
      0n,
      'i:resource.int64Amount{value:1, scale:18}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1E", Format:"DecimalSI"',
    ],
    [
      '123456789012345678901234',
      -1055827308501317296n,
      'i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(0x…)}, s:"", Format:"DecimalSI"',
    ],
    [
      '9223372036854775807Ki',
      -1000n,
      'i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(0x…)}, s:"", Format:"BinarySI"',
    ],
    [
      '-1.5Mi',
      -1572864000n,
      'i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(0x…)}, s:"", Format:"BinarySI"',
    ],
    [
      '1.0000000001',
      1001n,
      'i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(0x…)}, s:"", Format:"DecimalSI"',
    ],
    [
      '12e-1',
      1200n,
      'i:resource.int64Amount{value:12, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalExponent"',
    ],
    [
      '0',
      0n,
      'i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"0", Format:"DecimalSI"',
    ],
  ];
  for (const [input, milli, struct] of table) {
    it(`${input}: MilliValue ${milli}`, () => {
      const q = quantityAmount(input);
      assert.equal(milliValue(q), milli);
      assert.equal(q.goStruct, `resource.Quantity{${struct}}`);
    });
  }
  it('compares as Quantity.Cmp (quantity.go:597)', () => {
    const cmp = (a: string, b: string) => compareQuantities(quantityAmount(a), quantityAmount(b));
    assert.deepEqual(
      [cmp('1', '1000m'), cmp('1Gi', '1G'), cmp('-1', '0'), cmp('0.5', '499m')],
      [0, 1, -1, 1],
    );
  });
});
