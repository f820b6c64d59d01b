import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { kruiseResources } from '../../../shared/api/index.js';
import { IntOrString, Quantity, Time } from '../../../shared/api/schema-kit.js';
import { goNames } from './go-type-names.js';
import { goTypeName, goTypeOf, unnamedStructsOf } from './go-type.js';

describe('goTypeOf', () => {
  for (const def of kruiseResources) {
    for (const v of def.versions) {
      it(`names every struct of ${def.kind} ${v.name} as Go does`, () => {
        const type = goTypeOf(v.schema, goNames, v.name);
        assert.deepStrictEqual(unnamedStructsOf(type), []);
        assert.equal(goTypeName(type), `${v.name}.${def.kind}`);
      });
    }
  }

  const Inner = Type.Object({ a: Type.String() });
  const Root = Type.Object({
    list: Type.Array(Inner),
    labels: Type.Record(Type.String(), Type.String()),
    count: Type.Integer({ format: 'int32' }),
    big: Type.Optional(Type.Integer({ format: 'int64' })),
    plain: Type.Integer(),
    ratio: Type.Number(),
    flag: Type.Boolean(),
    port: IntOrString,
    cpu: Quantity,
    at: Time(),
    raw: Type.Object({}, { 'x-kubernetes-preserve-unknown-fields': true }),
  });
  const names = {
    byProperties: new Map([[Root.properties, { pkg: 'kruise' as const, name: 'Root' }]]),
    byField: new Map([['Root.list', { pkg: 'v1' as const, name: 'Inner' }]]),
  };

  it('prints each field type as reflect does', () => {
    const root = goTypeOf(Root, names, 'v1alpha1');
    assert.ok(root.kind === 'struct');
    const printed = Object.fromEntries([...root.fields].map(([k, t]) => [k, goTypeName(t)]));
    assert.deepStrictEqual(printed, {
      list: '[]v1.Inner',
      labels: 'map[string]string',
      count: 'int32',
      big: 'int64',
      plain: 'int',
      ratio: 'float64',
      flag: 'bool',
      port: 'intstr.IntOrString',
      cpu: 'resource.Quantity',
      at: 'v1.Time',
      raw: 'interface {}',
    });
    assert.equal(goTypeName(root), 'v1alpha1.Root');
  });

  it('reports an inline struct no table names', () => {
    const type = goTypeOf(Root, { ...names, byField: new Map() }, 'v1alpha1');
    assert.deepStrictEqual(unnamedStructsOf(type), ['Root.list']);
  });
});
