import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type, type TSchema } from '@sinclair/typebox';
import { IntOrString, Quantity, StringEnum, StringMap } from '../../shared/api/schema-kit.js';
import { objectSchema } from '../../shared/api/resource.js';
import { toStructural, type StructuralSchema } from './structural.js';

/** Wraps a spec field in a whole object, as every CRD schema is. */
const rooted = (field: TSchema) =>
  objectSchema(Type.Object({ field: Type.Optional(field) }), Type.Object({}));

const specField = (s: StructuralSchema): StructuralSchema | undefined =>
  s.properties?.['spec']?.properties?.['field'];

const cases: { name: string; field: TSchema; want: StructuralSchema }[] = [
  {
    name: 'a string literal union becomes an enum',
    field: StringEnum(['NotUpdate', 'RollingUpdate']),
    want: { type: 'string', enum: ['NotUpdate', 'RollingUpdate'] },
  },
  {
    name: 'IntOrString becomes int-or-string',
    field: IntOrString,
    want: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
  },
  {
    name: 'Quantity is left open',
    field: Quantity,
    want: { 'x-kubernetes-preserve-unknown-fields': true },
  },
  {
    name: 'a string record becomes additionalProperties',
    field: StringMap,
    want: { type: 'object', additionalProperties: { type: 'string' } },
  },
  {
    name: 'formats, minimums and markers are kept; required is sorted',
    field: Type.Object(
      {
        start: Type.Integer({ format: 'int32', minimum: 0 }),
        at: Type.String({ format: 'date-time' }),
      },
      { 'x-kubernetes-map-type': 'atomic' },
    ),
    want: {
      type: 'object',
      'x-kubernetes-map-type': 'atomic',
      properties: {
        start: { type: 'integer', format: 'int32', minimum: 0 },
        at: { type: 'string', format: 'date-time' },
      },
      required: ['at', 'start'],
    },
  },
  {
    name: 'an array keeps its item schema and list type',
    field: Type.Array(Type.String(), { 'x-kubernetes-list-type': 'atomic' }),
    want: { type: 'array', 'x-kubernetes-list-type': 'atomic', items: { type: 'string' } },
  },
  {
    name: 'an open object keeps preserve-unknown-fields',
    field: Type.Object(
      { name: Type.Optional(Type.String()) },
      { 'x-kubernetes-preserve-unknown-fields': true },
    ),
    want: {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: { name: { type: 'string' } },
    },
  },
  {
    name: 'Unknown is left open',
    field: Type.Unknown(),
    want: { 'x-kubernetes-preserve-unknown-fields': true },
  },
];

describe('toStructural', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(specField(toStructural(rooted(c.field))), c.want);
    });
  }

  it('declares root metadata as a bare object and requires only spec', () => {
    const root = toStructural(rooted(Type.String()));
    assert.deepEqual(
      { ...root, properties: { ...root.properties, spec: undefined } },
      {
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object' },
          spec: undefined,
          status: { type: 'object', properties: {} },
        },
        required: ['spec'],
      },
    );
  });

  const refused: { name: string; field: TSchema; message: string }[] = [
    {
      name: 'a union of mixed types',
      field: Type.Union([Type.String(), Type.Boolean()]),
      message: '<root>.spec.field: a union must be string literals, int-or-string or left open',
    },
    {
      name: 'a lone literal (const has no CRD equivalent)',
      field: Type.Literal('x'),
      message: '<root>.spec.field: keyword const has no CRD equivalent',
    },
    {
      name: 'a record keyed by a pattern',
      field: Type.Record(Type.Number(), Type.String()),
      message: '<root>.spec.field: only string-keyed records',
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.name}`, () => {
      assert.throws(() => toStructural(rooted(c.field)), { message: c.message });
    });
  }
});
