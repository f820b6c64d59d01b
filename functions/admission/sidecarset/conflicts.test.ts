// Ported from kruise@v1.7.4:pkg/webhook/sidecarset/validating/sidecarset_validating_test.go
// (TestSidecarSetNameConflict, TestSidecarSetPodMetadataConflict, TestSidecarSetVolumeConflict),
// asserting exact messages.
import type { DecodedSidecarSet, DecodedSidecarSetSpec } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldErr } from '../../../shared/validation/field-error.js';
import {
  isNamespaceOverlapping,
  validateSidecarConflict,
  type NamespaceLabels,
} from './conflicts.js';

const ab = { matchLabels: { a: 'b' } };
const make = (name: string, spec: Partial<DecodedSidecarSetSpec>): DecodedSidecarSet => ({
  metadata: { name },
  spec: { selector: ab, ...spec },
});

const cases: {
  name: string;
  obj: DecodedSidecarSet;
  others: DecodedSidecarSet[];
  ns?: NamespaceLabels;
  want: string[];
}[] = [
  {
    name: 'test1: same container and init container names conflict, equal volumes do not',
    obj: make('sidecarset2', {
      containers: [{ name: 'container-name' }],
      initContainers: [{ name: 'init-name' }],
      volumes: [{ name: 'volume-name' }],
    }),
    others: [
      make('sidecarset1', {
        containers: [{ name: 'container-name' }],
        initContainers: [{ name: 'init-name' }],
        volumes: [{ name: 'volume-name' }],
      }),
    ],
    want: [
      'spec.containers: Invalid value: "init-name": container init-name already exist in sidecarset1',
      'spec.containers: Invalid value: "container-name": container container-name already exist in sidecarset1',
    ],
  },
  {
    name: 'test2: overlapping namespace selectors conflict',
    obj: make('sidecarset2', {
      namespaceSelector: { matchLabels: { app: 'nginx' } },
      containers: [{ name: 'container-name' }],
    }),
    others: [
      make('sidecarset1', {
        namespaceSelector: { matchLabels: { app: 'nginx' } },
        containers: [{ name: 'container-name' }],
      }),
    ],
    want: [
      'spec.containers: Invalid value: "container-name": container container-name already exist in sidecarset1',
    ],
  },
  {
    name: 'test3: disjoint namespace selectors do not conflict',
    obj: make('sidecarset2', {
      namespaceSelector: { matchLabels: { app: 'nginx' } },
      containers: [{ name: 'container-name' }],
    }),
    others: [
      make('sidecarset1', {
        namespaceSelector: { matchLabels: { app: 'redis' } },
        containers: [{ name: 'container-name' }],
      }),
    ],
    want: [],
  },
  {
    name: 'sidecarset annotation key conflict (Overwrite vs MergePatchJson)',
    obj: make('sidecarset2', {
      patchPodMetadata: [{ patchPolicy: 'Overwrite', annotations: { key1: 'value1' } }],
    }),
    others: [
      make('sidecarset1', {
        patchPodMetadata: [{ patchPolicy: 'MergePatchJson', annotations: { key1: 'value1' } }],
      }),
    ],
    want: [
      'spec.patchPodMetadata: Invalid value: "key1": annotation key1 is in conflict with sidecarset sidecarset1',
    ],
  },
  {
    name: 'sidecarset annotation key different',
    obj: make('sidecarset2', {
      patchPodMetadata: [{ patchPolicy: 'Retain', annotations: { key1: 'value1' } }],
    }),
    others: [
      make('sidecarset1', {
        patchPodMetadata: [{ patchPolicy: 'Overwrite', annotations: { key2: 'value2' } }],
      }),
    ],
    want: [],
  },
  {
    name: 'sidecarset annotation key same, and json',
    obj: make('sidecarset2', {
      patchPodMetadata: [
        { patchPolicy: 'MergePatchJson', annotations: { 'oom-score': '{"log-agent": 1}' } },
      ],
    }),
    others: [
      make('sidecarset1', {
        patchPodMetadata: [
          { patchPolicy: 'MergePatchJson', annotations: { 'oom-score': '{"envoy": 1}' } },
        ],
      }),
    ],
    want: [],
  },
  {
    name: 'sidecarset volume name different',
    obj: make('sidecarset2', { volumes: [{ name: 'volume-1' }, { name: 'volume-2' }] }),
    others: [make('sidecarset1', { volumes: [{ name: 'volume-3' }, { name: 'volume-4' }] })],
    want: [],
  },
  {
    name: 'sidecarset volume name same and equal',
    obj: make('sidecarset2', {
      volumes: [{ name: 'volume-1' }, { name: 'volume-2', hostPath: { path: '/home/work' } }],
    }),
    others: [
      make('sidecarset1', {
        volumes: [{ hostPath: { path: '/home/work' }, name: 'volume-2' }, { name: 'volume-3' }],
      }),
    ],
    want: [],
  },
  {
    name: 'sidecarset volume name same, but not equal',
    obj: make('sidecarset2', {
      volumes: [{ name: 'volume-1' }, { name: 'volume-2', hostPath: { path: '/home/work-1' } }],
    }),
    others: [
      make('sidecarset1', {
        volumes: [{ name: 'volume-2', hostPath: { path: '/home/work-2' } }, { name: 'volume-3' }],
      }),
    ],
    want: [
      'spec.volumes: Invalid value: "volume-2": volume volume-2 is in conflict with sidecarset sidecarset1',
    ],
  },
  {
    name: 'skips SidecarSets whose selectors are disjoint',
    obj: make('sidecarset2', { containers: [{ name: 'c' }] }),
    others: [
      make('sidecarset1', { selector: { matchLabels: { a: 'c' } }, containers: [{ name: 'c' }] }),
    ],
    want: [],
  },
];

describe('validateSidecarConflict', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepStrictEqual(
        validateSidecarConflict(c.others, c.obj, c.ns ?? {}, 'spec').map(formatFieldErr),
        c.want,
      );
    });
  }
});

describe('isNamespaceOverlapping', () => {
  const prod = { matchLabels: { env: 'prod' } };
  const rows: {
    name: string;
    a: Partial<DecodedSidecarSetSpec>;
    b: Partial<DecodedSidecarSetSpec>;
    ns: NamespaceLabels;
    want: boolean;
  }[] = [
    {
      name: 'different namespaces',
      a: { namespace: 'x' },
      b: { namespace: 'y' },
      ns: {},
      want: false,
    },
    { name: 'same namespace', a: { namespace: 'x' }, b: { namespace: 'x' }, ns: {}, want: true },
    { name: 'no namespace scoping', a: {}, b: {}, ns: {}, want: true },
    {
      name: 'namespace matched by the other selector',
      a: { namespace: 'x' },
      b: { namespaceSelector: prod },
      ns: { x: { env: 'prod' } },
      want: true,
    },
    {
      name: 'namespace not matched by the other selector',
      a: { namespace: 'x' },
      b: { namespaceSelector: prod },
      ns: { x: { env: 'dev' } },
      want: false,
    },
    {
      name: 'namespace unknown',
      a: { namespace: 'x' },
      b: { namespaceSelector: prod },
      ns: {},
      want: false,
    },
    // OpenKruise quirk: the other's namespace is checked against the other's own (nil) selector.
    {
      name: 'quirk: other namespace vs own nil selector',
      a: { namespaceSelector: prod },
      b: { namespace: 'x' },
      ns: { x: { env: 'prod' } },
      want: false,
    },
  ];
  for (const r of rows) {
    it(r.name, () => {
      assert.equal(isNamespaceOverlapping(make('a', r.a), make('b', r.b), r.ns), r.want);
    });
  }
});
