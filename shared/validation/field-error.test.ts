import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import type { GoValue } from '../go/format.js';
import {
  aggregate,
  child,
  duplicate,
  forbidden,
  formatFieldErr,
  index,
  internalError,
  invalid,
  key,
  notFound,
  notSupported,
  required,
  tooLong,
  type FieldErr,
} from './field-error.js';
import { goRaw, goStringMap } from '../go/format.js';

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

/** A field error as the oracle describes it (infra/go-oracle/vectors_field_errors.go). */
interface GoFieldErr {
  ctor: string;
  path: [string, string | number][];
  value?: unknown;
  valueType?: string;
  detail?: string;
  valid?: string[];
  max?: number;
}

function build(e: GoFieldErr): FieldErr {
  const path = e.path.reduce(
    (p, [step, v]) =>
      step === 'index'
        ? index(p, Number(v))
        : step === 'key'
          ? key(p, String(v))
          : child(p, String(v)),
    '',
  );
  // A nil pointer prints as nil does; a pointer prints what it points to (ErrorBody derefs).
  const value = (e.valueType === 'nil' || e.valueType === 'nil *int32' ? null : e.value) as GoValue;
  const detail = e.detail ?? '';
  switch (e.ctor) {
    case 'invalid':
      return invalid(path, value, detail);
    case 'required':
      return required(path, detail);
    case 'forbidden':
      return forbidden(path, detail);
    case 'notSupported':
      return notSupported(path, value, e.valid ?? []);
    case 'duplicate':
      return duplicate(path, value);
    case 'notFound':
      return notFound(path, value);
    case 'tooLong':
      return tooLong(path, value, e.max ?? 0);
    case 'internal':
      return internalError(path, detail);
  }
  throw new Error(`unknown constructor ${e.ctor}`);
}

describe('field errors against apimachinery (vectors Go printed)', () => {
  it('renders each field.Error as Error() does', (t) => {
    const vectors = goVectors('fieldError');
    t.diagnostic(`${vectors.length} errors compared`);
    for (const v of vectors) {
      assert.equal(formatFieldErr(build(v.in as GoFieldErr)), v.want, JSON.stringify(v.in));
    }
  });

  it('joins a list as ErrorList.ToAggregate().Error() does', () => {
    for (const v of goVectors('aggregate')) {
      assert.equal(aggregate((v.in as GoFieldErr[]).map(build)), v.want, JSON.stringify(v.in));
    }
  });
});
