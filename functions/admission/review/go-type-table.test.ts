import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { POD_GO_TYPES_FILE, podGoTypesSource } from '../../../infra/go-oracle/tables.js';
import { goTypeFromTable } from './go-type-table.js';
import { goTypeName, type GoType } from './go-type.js';
import { POD_GO_TYPES } from './pod-go-types.js';

const field = (t: GoType, ...path: string[]): GoType =>
  path.reduce((at, name) => {
    const inner = at.kind === 'slice' || at.kind === 'map' ? at.elem : at;
    assert.ok(inner.kind === 'struct', `${name}: not a struct`);
    const next = inner.fields.get(name);
    assert.ok(next !== undefined, `no field ${name}`);
    return next;
  }, t);

describe('the Pod decode type taken from Go', () => {
  it('is the table `go-oracle go-type` writes (regenerate: npx tsx infra/go-oracle/write-tables.ts)', async () => {
    assert.equal(readFileSync(POD_GO_TYPES_FILE, 'utf8'), await podGoTypesSource());
  });

  const pod = goTypeFromTable(POD_GO_TYPES);
  const cases = [
    { path: ['spec'], want: 'v1.PodSpec' },
    { path: ['status'], want: 'v1.PodStatus' },
    { path: ['spec', 'restartPolicy'], want: 'v1.RestartPolicy' },
    { path: ['metadata', 'uid'], want: 'types.UID' },
    { path: ['spec', 'containers'], want: '[]v1.Container' },
    { path: ['spec', 'containers', 'resources', 'limits'], want: 'v1.ResourceList' },
    { path: ['spec', 'overhead'], want: 'v1.ResourceList' },
    { path: ['spec', 'nodeSelector'], want: 'map[string]string' },
    { path: ['metadata', 'creationTimestamp'], want: 'v1.Time' },
    { path: ['spec', 'activeDeadlineSeconds'], want: 'int64' },
  ];
  for (const c of cases) {
    it(`types ${c.path.join('.')} as ${c.want}`, () => {
      assert.equal(goTypeName(field(pod, ...c.path)), c.want);
    });
  }

  it('keeps one GoType per Go struct, so cycles and shared structs are built once', () => {
    const a = field(pod, 'spec', 'containers');
    const b = field(pod, 'spec', 'initContainers');
    assert.ok(a.kind === 'slice' && b.kind === 'slice');
    assert.equal(a.elem, b.elem);
  });

  it('ignores the fields k8s.io/api v0.28.9 lacks', () => {
    const spec = field(pod, 'spec');
    assert.ok(spec.kind === 'struct');
    assert.equal(spec.fields.get('hostnameOverride'), undefined);
  });
});
