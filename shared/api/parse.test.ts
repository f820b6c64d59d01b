import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { InvalidError, type FieldError } from '../errors.js';
import { parseContainerRecreateRequest } from './containerrecreaterequest.js';
import { parseImagePullJob } from './imagepulljob.js';
import { parseNodeImage } from './nodeimage.js';
import { toFieldPath } from './parse.js';
import { parseSidecarSet } from './sidecarset.js';
import { parseStatefulSet, parseStatefulSetV1alpha1 } from './statefulset.js';

const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples');
const sample = (file: string): unknown => {
  const docs = parseAllDocuments(readFileSync(resolve(SAMPLES, file), 'utf8'));
  return docs[0]?.toJS();
};

type Parser = (u: unknown) => unknown;

const sidecarSet = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'SidecarSet',
  metadata: { name: 'log' },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  ...extra,
});

const asts = (spec: Record<string, unknown>, apiVersion = 'apps.kruise.io/v1beta1') => ({
  apiVersion,
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { spec: { containers: [{ name: 'main', image: 'nginx' }] } },
    ...spec,
  },
});

describe('parse<Kind> accepts valid objects as they are', () => {
  const cases: { name: string; parse: Parser; input: unknown }[] = [
    {
      name: 'the native sidecar sample',
      parse: parseSidecarSet,
      input: sample('sidecarset-native.yaml'),
    },
    {
      name: 'the start-ordinal sample',
      parse: parseStatefulSet,
      input: sample('asts-start-ordinal.yaml'),
    },
    {
      name: 'the ImagePullJob sample',
      parse: parseImagePullJob,
      input: sample('imagepulljob.yaml'),
    },
    {
      name: 'a v1alpha1 StatefulSet',
      parse: parseStatefulSetV1alpha1,
      input: asts(
        { updateStrategy: { rollingUpdate: { maxUnavailable: '50%' } } },
        'apps.kruise.io/v1alpha1',
      ),
    },
    {
      name: 'a list item without apiVersion and kind, with a fractional CPU quantity',
      parse: parseSidecarSet,
      input: {
        metadata: { name: 'log', creationTimestamp: '2024-09-05T08:00:00Z' },
        spec: {
          containers: [{ name: 'log', resources: { limits: { cpu: 0.5, memory: '64Mi' } } }],
        },
        status: { matchedPods: 1, updatedPods: 1, readyPods: 1 },
      },
    },
    {
      name: 'a NodeImage with status',
      parse: parseNodeImage,
      input: {
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'NodeImage',
        metadata: { name: 'node-a' },
        spec: {
          images: {
            nginx: { tags: [{ tag: '1.25', version: 0, createdAt: '2024-09-05T08:00:00Z' }] },
          },
        },
        status: {
          desired: 1,
          imageStatuses: { nginx: { tags: [{ tag: '1.25', phase: 'Succeeded' }] } },
        },
      },
    },
    {
      name: 'a ContainerRecreateRequest like the sidecar terminator writes',
      parse: parseContainerRecreateRequest,
      input: {
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'ContainerRecreateRequest',
        metadata: { name: 'sidecar-termination-uid', namespace: 'default' },
        spec: {
          podName: 'job-x',
          containers: [{ name: 'proxy' }],
          strategy: { forceRecreate: true, failurePolicy: 'Ignore' },
        },
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.ok(c.input !== undefined);
      assert.equal(c.parse(c.input), c.input);
    });
  }
});

describe('parse<Kind> lists every bad field by path', () => {
  const cases: { name: string; parse: Parser; input: unknown; want: FieldError[] }[] = [
    {
      name: 'SidecarSet with a bad enum, a numeric image and a nameless container',
      parse: parseSidecarSet,
      input: sidecarSet({
        containers: [{ name: 'log', image: 5 }, { image: 'busybox' }],
        updateStrategy: { type: 'Sometimes', maxUnavailable: true },
      }),
      want: [
        { path: 'spec.containers[0].image', detail: 'must be string, got integer 5' },
        { path: 'spec.containers[1].name', detail: 'Required value' },
        {
          path: 'spec.updateStrategy.type',
          detail: '"Sometimes" is not one of NotUpdate, RollingUpdate',
        },
        {
          path: 'spec.updateStrategy.maxUnavailable',
          detail: 'must be integer or string, got boolean true',
        },
      ],
    },
    {
      name: 'the wrong kind, a bad label value and a bad timestamp',
      parse: parseSidecarSet,
      input: sidecarSet(
        {},
        {
          kind: 'Pod',
          metadata: {
            name: 'log',
            labels: { 'app.kubernetes.io/name': 5 },
            creationTimestamp: 'yesterday',
          },
        },
      ),
      want: [
        { path: 'kind', detail: '"Pod" is not one of SidecarSet' },
        { path: 'metadata.creationTimestamp', detail: '"yesterday" is not a valid date-time' },
        {
          path: 'metadata.labels[app.kubernetes.io/name]',
          detail: 'must be string, got integer 5',
        },
      ],
    },
    {
      name: 'a quantity that is neither string nor number',
      parse: parseSidecarSet,
      input: sidecarSet({ containers: [{ name: 'log', resources: { requests: { cpu: true } } }] }),
      want: [
        {
          path: 'spec.containers[0].resources.requests.cpu',
          detail: 'must be string or number, got boolean true',
        },
      ],
    },
    {
      name: 'StatefulSet with a negative start ordinal and no selector',
      parse: parseStatefulSet,
      input: asts({ ordinals: { start: -1 }, selector: undefined }),
      want: [
        { path: 'spec.selector', detail: 'Required value' },
        { path: 'spec.ordinals.start', detail: 'must be greater than or equal to 0, got -1' },
      ],
    },
    {
      name: 'v1beta1 apiVersion given to the v1alpha1 parser',
      parse: parseStatefulSetV1alpha1,
      input: asts({}),
      want: [
        {
          path: 'apiVersion',
          detail: '"apps.kruise.io/v1beta1" is not one of apps.kruise.io/v1alpha1',
        },
      ],
    },
    {
      name: 'ImagePullJob without image and with an unknown pull policy',
      parse: parseImagePullJob,
      input: {
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'ImagePullJob',
        metadata: { name: 'pull' },
        spec: { completionPolicy: {}, imagePullPolicy: 'Never', parallelism: 1.5 },
      },
      want: [
        { path: 'spec.image', detail: 'Required value' },
        { path: 'spec.parallelism', detail: 'must be integer or string, got number 1.5' },
        { path: 'spec.imagePullPolicy', detail: '"Never" is not one of Always, IfNotPresent' },
      ],
    },
    {
      name: 'NodeImage tag without a tag and a status phase out of the set',
      parse: parseNodeImage,
      input: {
        metadata: { name: 'node-a' },
        spec: { images: { nginx: { tags: [{ version: '1' }] } } },
        status: { desired: 1, imageStatuses: { nginx: { tags: [{ tag: '1', phase: 'Done' }] } } },
      },
      want: [
        { path: 'spec.images.nginx.tags[0].tag', detail: 'Required value' },
        { path: 'spec.images.nginx.tags[0].version', detail: 'must be integer, got string "1"' },
        {
          path: 'status.imageStatuses.nginx.tags[0].phase',
          detail: '"Done" is not one of Waiting, Pulling, Succeeded, Failed',
        },
      ],
    },
    {
      name: 'something that is not an object at all',
      parse: parseContainerRecreateRequest,
      input: 'crr',
      want: [{ path: '<root>', detail: 'must be object, got string "crr"' }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.throws(
        () => c.parse(c.input),
        (err: unknown) => {
          assert.ok(err instanceof InvalidError);
          assert.equal(err.code, 422);
          assert.deepEqual(err.fields, c.want);
          assert.equal(err.message, c.want.map((f) => `${f.path}: ${f.detail}`).join('; '));
          return true;
        },
      );
    });
  }
});

describe('toFieldPath', () => {
  const root = {
    spec: { containers: [{ env: [{ name: 'A' }] }] },
    metadata: { labels: { 'a.b/c': 'x' } },
  };
  const cases: [string, string][] = [
    ['', ''],
    ['/spec', 'spec'],
    ['/spec/containers/0/env/0/name', 'spec.containers[0].env[0].name'],
    ['/metadata/labels/a.b~1c', 'metadata.labels[a.b/c]'],
    ['/spec/missing/0', 'spec.missing[0]'],
  ];
  for (const [pointer, want] of cases) {
    it(`${JSON.stringify(pointer)} → ${JSON.stringify(want)}`, () => {
      assert.equal(toFieldPath(pointer, root), want);
    });
  }
});
