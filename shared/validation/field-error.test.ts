import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregate,
  duplicate,
  forbidden,
  formatFieldErr,
  internalError,
  invalid,
  notFound,
  notSupported,
  required,
  tooLong,
} from './field-error.js';
import { goQuote, goRaw, goStringMap } from './go-format.js';

describe('formatFieldErr', () => {
  const cases = [
    { e: required('spec.selector', ''), want: 'spec.selector: Required value' },
    { e: required('spec', 'why'), want: 'spec: Required value: why' },
    { e: forbidden('spec', 'no'), want: 'spec: Forbidden: no' },
    { e: invalid('a', 'x"y', 'bad'), want: 'a: Invalid value: "x\\"y": bad' },
    { e: invalid('a', -1, 'neg'), want: 'a: Invalid value: -1: neg' },
    { e: invalid('a', null, 'nil'), want: 'a: Invalid value: "null": nil' },
    {
      e: invalid('a', goRaw(goStringMap({ b: '2', a: '1' })), ''),
      want: 'a: Invalid value: map[string]string{"a":"1", "b":"2"}',
    },
    {
      e: notSupported('p', 'Sometimes', ['Always']),
      want: 'p: Unsupported value: "Sometimes": supported values: "Always"',
    },
    { e: duplicate('n', 'x'), want: 'n: Duplicate value: "x"' },
    { e: notFound('n', 'x'), want: 'n: Not found: "x"' },
    { e: tooLong('m', '', 262144), want: 'm: Too long: must have at most 262144 bytes' },
    { e: internalError('', 'boom'), want: ': Internal error: boom' },
  ];
  for (const c of cases) it(c.want, () => assert.equal(formatFieldErr(c.e), c.want));
});

describe('aggregate', () => {
  it('prints one error alone', () =>
    assert.equal(aggregate([required('a', '')]), 'a: Required value'));
  it('joins several in brackets and drops duplicates', () => {
    assert.equal(
      aggregate([required('a', ''), required('b', ''), required('a', '')]),
      '[a: Required value, b: Required value]',
    );
  });
  it('is empty for no errors', () => assert.equal(aggregate([]), ''));
});

describe('goQuote', () => {
  const cases = [
    ['plain', '"plain"'],
    ['tab\tnl\n', '"tab\\tnl\\n"'],
    ['\u0001', '"\\x01"'],
    ['é', '"é"'],
    ['back\\slash', '"back\\\\slash"'],
  ];
  for (const [input, want] of cases)
    it(`quotes ${want}`, () => assert.equal(goQuote(input ?? ''), want));
});
