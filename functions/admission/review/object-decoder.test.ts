import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAdmissionEvent } from '../../../events/admission/load.js';
import { objectDecoder } from './object-decoder.js';
import type { JsonObject } from '../../../shared/json.js';

// Loose shapes for editing fixtures into malformed objects.
type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test edits reach any depth

const pod = (): Loose =>
  loadAdmissionEvent<{ request: { object: Loose } }>('create-pod').request.object;
const sidecarSet = (): Loose => loadAdmissionEvent<Loose>('sidecarset-log-agent');
const statefulSet = (apiVersion = 'apps.kruise.io/v1beta1'): Loose => ({
  apiVersion,
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
  },
});
const nodeImage = (): Loose => ({
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'NodeImage',
  metadata: { name: 'node-1' },
  spec: { images: { nginx: { tags: [{ tag: '1.25' }] } } },
});

const decode = (object: Loose) => {
  const decoder = objectDecoder(String(object['apiVersion']), String(object['kind']));
  assert.ok(decoder !== undefined);
  return decoder(object as JsonObject);
};

const QUANTITY =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const refused: { name: string; object: Loose; error: string }[] = [
  {
    name: 'a list given as a string (OpenKruise’s own example)',
    object: { ...sidecarSet(), spec: { ...sidecarSet()['spec'], containers: 'log-agent' } },
    error:
      'json: cannot unmarshal string into Go struct field SidecarSetSpec.spec.containers of type []v1alpha1.SidecarContainer',
  },
  {
    name: 'a string given as a number inside a list (no index in the path)',
    object: ((s) => ((s['spec'].containers[0].name = 7), s))(sidecarSet()),
    error:
      'json: cannot unmarshal number into Go struct field SidecarContainer.spec.containers.name of type string',
  },
  {
    name: 'a map value of the wrong type (the map’s struct and field)',
    object: ((s) => ((s['metadata'].labels = { app: 1 }), s))(pod()),
    error:
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
  },
  {
    name: 'an int32 out of range',
    object: ((s) => ((s['spec'].replicas = 3_000_000_000), s))(statefulSet()),
    error:
      'json: cannot unmarshal number 3000000000 into Go struct field StatefulSetSpec.spec.replicas of type int32',
  },
  {
    name: 'a fraction where an integer belongs',
    object: ((s) => ((s['spec'].containers[0].ports = [{ containerPort: 80.5 }]), s))(pod()),
    error:
      'json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
  },
  {
    name: 'a struct given as a list, named with the root version’s package',
    object: ((s) => ((s['spec'].updateStrategy = []), s))(statefulSet()),
    error:
      'json: cannot unmarshal array into Go struct field StatefulSetSpec.spec.updateStrategy of type v1beta1.StatefulSetUpdateStrategy',
  },
  {
    name: 'the same struct in v1alpha1',
    object: ((s) => ((s['spec'].updateStrategy = 'x'), s))(statefulSet('apps.kruise.io/v1alpha1')),
    error:
      'json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.updateStrategy of type v1alpha1.StatefulSetUpdateStrategy',
  },
  {
    name: 'an IntOrString that is neither (IntOrString.UnmarshalJSON into int32)',
    object: ((s) => ((s['spec'].updateStrategy.rollingUpdate.maxUnavailable = true), s))(
      statefulSet(),
    ),
    error:
      'json: cannot unmarshal bool into Go struct field RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.maxUnavailable of type int32',
  },
  {
    name: 'a probe port given as an object',
    object: ((s) => ((s['spec'].containers[0].livenessProbe = { httpGet: { port: {} } }), s))(
      pod(),
    ),
    error:
      'json: cannot unmarshal object into Go struct field HTTPGetAction.spec.containers.livenessProbe.httpGet.port of type int32',
  },
  {
    name: 'a time given as a number (metav1.Time.UnmarshalJSON into string)',
    object: ((s) => ((s['metadata'].creationTimestamp = 5), s))(pod()),
    error:
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
  },
  {
    name: 'a quantity given as a bool',
    object: ((s) => ((s['spec'].containers[0].resources = { limits: { cpu: true } }), s))(pod()),
    error: QUANTITY,
  },
  {
    name: 'a quantity string Kubernetes cannot parse',
    object: ((s) => ((s['spec'].containers[0].resources = { requests: { memory: 'lots' } }), s))(
      sidecarSet(),
    ),
    error: QUANTITY,
  },
  {
    name: 'the first wrong field in document order',
    object: ((s) => ((s['metadata'].labels = { a: [] }), (s['spec'].replicas = 'x'), s))(
      statefulSet(),
    ),
    error:
      'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type string',
  },
  {
    name: 'an aborting error after an earlier one (Go returns the abort)',
    object: ((s) => (
      (s['metadata'].labels = { a: [] }),
      (s['spec'].updateStrategy.rollingUpdate.maxUnavailable = 1.5),
      s
    ))(statefulSet()),
    error:
      'json: cannot unmarshal number 1.5 into Go struct field RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.maxUnavailable of type int32',
  },
  {
    name: 'a CRR container context of the wrong type',
    object: {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'ContainerRecreateRequest',
      metadata: { name: 'r' },
      spec: { podName: 'p', containers: [{ name: 'app', statusContext: { restartCount: '1' } }] },
    },
    error:
      'json: cannot unmarshal string into Go struct field ContainerRecreateRequestContainerContext.spec.containers.statusContext.restartCount of type int32',
  },
];

const accepted: { name: string; object: Loose }[] = [
  { name: 'a pod as the apiserver sends it', object: pod() },
  { name: 'a SidecarSet', object: sidecarSet() },
  {
    name: 'null for any field',
    object: ((s) => (
      (s['metadata'].creationTimestamp = null),
      (s['spec'].containers[0].env = null),
      s
    ))(pod()),
  },
  { name: 'unknown fields', object: ((s) => ((s['spec'].futureField = { a: [1] }), s))(pod()) },
  {
    name: 'IntOrString as a percentage and quantities as numbers',
    object: ((s) => (
      (s['spec'].updateStrategy.rollingUpdate.maxUnavailable = '25%'),
      (s['spec'].template.spec.containers[0].resources = { limits: { cpu: 0.5, memory: '1Gi' } }),
      s
    ))(statefulSet()),
  },
  {
    name: 'values only validation refuses (negative ordinals.start, a value outside an enum)',
    object: ((s) => (
      (s['spec'].ordinals = { start: -1 }),
      (s['spec'].updateStrategy.type = 'Sometimes'),
      s
    ))(statefulSet()),
  },
  {
    name: 'a missing required field',
    object: ((s) => (delete s['spec'].selector, s))(statefulSet()),
  },
];

describe('objectDecoder', () => {
  for (const c of refused) {
    it(`refuses ${c.name}`, () => {
      assert.deepStrictEqual(decode(c.object), { error: c.error });
    });
  }
  for (const c of accepted) {
    it(`accepts ${c.name}, handing back the same object`, () => {
      const result = decode(c.object);
      assert.ok('object' in result);
      assert.equal(result.object, c.object);
    });
  }

  const zeroed = [
    {
      name: 'a null container is a container with no fields',
      object: ((s) => ((s['spec'].containers = [null]), s))(sidecarSet()),
      want: ((s) => ((s['spec'].containers = [{}]), s))(sidecarSet()),
    },
    {
      name: 'a null map value is the zero ImageSpec',
      object: ((s) => ((s['spec'].images = { nginx: null }), s))(nodeImage()),
      want: ((s) => ((s['spec'].images = { nginx: {} }), s))(nodeImage()),
    },
    {
      name: 'null strings, ints and quantities are "", 0 and "0"',
      object: ((s) => (
        (s['metadata'].finalizers = ['a', null]),
        (s['spec'].containers[0].args = [null]),
        (s['spec'].containers[0].resources = { limits: { cpu: null } }),
        s
      ))(pod()),
      want: ((s) => (
        (s['metadata'].finalizers = ['a', '']),
        (s['spec'].containers[0].args = ['']),
        (s['spec'].containers[0].resources = { limits: { cpu: '0' } }),
        s
      ))(pod()),
    },
  ];
  for (const c of zeroed) {
    it(`gives Go's zero value for ${c.name}, leaving the input alone`, () => {
      const before = structuredClone(c.object);
      assert.deepStrictEqual(decode(c.object), { object: c.want });
      assert.deepStrictEqual(c.object, before);
    });
  }

  it('has no decoder for a kind it does not serve', () => {
    assert.equal(objectDecoder('apps/v1', 'Deployment'), undefined);
  });
});
