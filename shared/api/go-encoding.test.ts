import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GO_ENCODING_FILE, goEncodingSource } from '../../infra/go-oracle/tables.js';
import { goMarshalAs, goMarshalWith, type GoRoot, type GoStructs } from './go-encoding.js';

describe('the Go encoding table', () => {
  it('is taken from the Go types (regenerate: npx tsx infra/go-oracle/write-tables.ts)', async () => {
    assert.equal(readFileSync(GO_ENCODING_FILE, 'utf8'), await goEncodingSource());
  });
});

describe('goMarshalWith', () => {
  // Whole-document parity with Go is proven by the property test
  // (test/property/go-encoding.test.ts); these rows pin each rule.
  const structs: GoStructs = {
    T: [
      'name:string',
      'note:string,omitempty',
      'ptr:*string,omitempty',
      'list:[]string',
      'opt:[]string,omitempty',
      'labels:map[string]string,omitempty',
      'size:*quantity,omitempty',
      'at:time',
      'inner:U',
      'maybe:*U,omitempty',
    ],
    U: ['on:bool,omitempty', 'n:int'],
  };
  const cases = [
    {
      name: 'writes zero values of absent required fields and drops empty omitempty ones',
      value: {},
      want: '{"name":"","list":null,"at":null,"inner":{"n":0}}',
    },
    {
      name: 'keeps an empty list that is not omitempty, sorts map keys, canonicalises quantities',
      value: {
        name: 'x',
        note: '',
        ptr: '',
        list: [],
        opt: [],
        labels: { b: '1', a: '<' },
        size: '1024Mi',
        at: '2024-09-05T10:00:00+02:00',
        maybe: {},
        extra: 1,
      },
      want:
        '{"name":"x","ptr":"","list":[],"labels":{"a":"\\u003c","b":"1"},"size":"1Gi",' +
        '"at":"2024-09-05T08:00:00Z","inner":{"n":0},"maybe":{"n":0}}',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(goMarshalWith(structs, 'T', c.value), c.want));
  }
});

describe('goMarshalAs follows the struct tags', () => {
  // Each row names the declaration it follows: k8s.io/api@v0.28.9 core/v1/types.go,
  // k8s.io/apimachinery@v0.28.9 pkg/apis/meta/v1/types.go, kruise@v1.7.4 apis/apps/….
  const rows: { source: string; type: GoRoot; value: unknown; want: string }[] = [
    {
      source: 'core/v1/types.go:2261 GRPCAction.Service *string `json:"service"`: nil is null',
      type: 'v1.Probe',
      value: { grpc: { port: 9000 } },
      want: '{"grpc":{"port":9000,"service":null}}',
    },
    {
      source: 'core/v1/types.go:2261 GRPCAction.Service: a pointer to "" is written',
      type: 'v1.Probe',
      value: { grpc: { port: 9000, service: '' } },
      want: '{"grpc":{"port":9000,"service":""}}',
    },
    {
      source:
        'core/v1/types.go:2283 Probe.InitialDelaySeconds int32 `json:",omitempty"`: 0 is dropped',
      type: 'v1.Probe',
      value: { exec: { command: ['true'] }, initialDelaySeconds: 0, periodSeconds: 10 },
      want: '{"exec":{"command":["true"]},"periodSeconds":10}',
    },
    {
      source: 'core/v1/types.go:2088 EnvVar.Value string `json:",omitempty"`: "" is dropped',
      type: 'v1.EnvVar',
      value: { name: 'A', value: '' },
      want: '{"name":"A"}',
    },
    {
      source:
        'core/v1/types.go:2132 ResourceFieldSelector.Divisor resource.Quantity: a value struct, canonical',
      type: 'v1.EnvVar',
      value: { name: 'C', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      want: '{"name":"C","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu","divisor":"0"}}}',
    },
    {
      source:
        'core/v1/types.go:2398 ResourceRequirements.Limits ResourceList: canonical quantities',
      type: 'v1.ResourceRequirements',
      value: { limits: { memory: '1024Mi', cpu: '1000m' }, requests: { cpu: 0.5 } },
      want: '{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m"}}',
    },
    {
      source: 'core/v1/types.go:2503 Container.Resources ResourceRequirements: always written',
      type: 'v1.Container',
      value: { name: 'c' },
      want: '{"name":"c","resources":{}}',
    },
    {
      source:
        'core/v1/types.go:2215 HTTPGetAction.Port intstr.IntOrString `json:"port"`: 0 when absent',
      type: 'v1.Probe',
      value: { httpGet: { path: '/' } },
      want: '{"httpGet":{"path":"/","port":0}}',
    },
    {
      source: 'meta/v1/types.go:188 ObjectMeta.CreationTimestamp Time: a zero Time is null',
      type: 'v1.PodTemplateSpec',
      value: { spec: { containers: [] } },
      want: '{"metadata":{"creationTimestamp":null},"spec":{"containers":[]}}',
    },
    {
      source:
        'kruise apis/apps/v1alpha1/sidecarset_types.go:69,72,325 UpdateStrategy, InjectionStrategy, Status: value structs',
      type: 'v1alpha1.SidecarSet',
      value: { metadata: { name: 's' }, spec: {} },
      want:
        '{"metadata":{"name":"s","creationTimestamp":null},"spec":{"updateStrategy":{},' +
        '"injectionStrategy":{}},"status":{"matchedPods":0,"updatedPods":0,"readyPods":0}}',
    },
    {
      source:
        'kruise apis/apps/v1beta1/statefulset_types.go:175,183,274 Selector `json:"selector"`, Template, Status.Replicas',
      type: 'v1beta1.StatefulSet',
      value: { spec: {} },
      want:
        '{"metadata":{"creationTimestamp":null},"spec":{"selector":null,"template":{"metadata":' +
        '{"creationTimestamp":null},"spec":{"containers":null}},"updateStrategy":{}},"status":' +
        '{"replicas":0,"readyReplicas":0,"availableReplicas":0,"currentReplicas":0,"updatedReplicas":0}}',
    },
    {
      source:
        'kruise apis/apps/v1alpha1/imagepulljob_types.go:78 CompletionPolicy `json:"completionPolicy"`',
      type: 'v1alpha1.ImagePullJobSpec',
      value: { image: 'nginx', parallelism: '50%' },
      want: '{"image":"nginx","parallelism":"50%","completionPolicy":{}}',
    },
  ];
  for (const row of rows) {
    it(row.source, () => assert.equal(goMarshalAs(row.type, row.value), row.want));
  }
});
