import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  priorityStrategyError,
  scatterStrategyError,
  type PriorityStrategy,
} from './update-strategy.js';

describe('priorityStrategyError', () => {
  const sel = { matchLabels: { a: 'b' } };
  const cases: { name: string; s: PriorityStrategy | undefined; want: string | undefined }[] = [
    { name: 'nil is fine', s: undefined, want: undefined },
    {
      name: 'weights are fine',
      s: {
        weightPriority: [
          { weight: 0, matchSelector: sel },
          { weight: 100, matchSelector: sel },
        ],
      },
      want: undefined,
    },
    {
      name: 'both kinds',
      s: {
        weightPriority: [{ weight: 1, matchSelector: sel }],
        orderPriority: [{ orderedKey: 'k' }],
      },
      want: 'only one of weightPriority and orderPriority can be used',
    },
    {
      name: 'weight over 100',
      s: { weightPriority: [{ weight: 101, matchSelector: sel }] },
      want: 'weight must be valid number in the range 1-100',
    },
    {
      name: 'empty selector',
      s: { weightPriority: [{ weight: 1, matchSelector: {} }] },
      want: 'selector can not be empty',
    },
    {
      name: 'bad selector',
      s: {
        weightPriority: [
          { weight: 1, matchSelector: { matchExpressions: [{ key: 'k', operator: 'Nope' }] } },
        ],
      },
      want: 'invalid selector "Nope" is not a valid label selector operator',
    },
    {
      name: 'empty order key',
      s: { orderPriority: [{ orderedKey: '' }] },
      want: 'order key can not be empty',
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(priorityStrategyError(c.s), c.want));
});

describe('scatterStrategyError', () => {
  it('accepts distinct terms', () =>
    assert.equal(
      scatterStrategyError([
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
      ]),
      undefined,
    ));
  it('requires a key', () =>
    assert.equal(scatterStrategyError([{ key: '', value: '1' }]), 'key should not be empty'));
  it('refuses duplicates', () =>
    assert.equal(
      scatterStrategyError([
        { key: 'a', value: '*' },
        { key: 'a', value: '*' },
      ]),
      'duplicated key=a value=*',
    ));
});
