import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../shared/api/core/core-v1.js';
import type { ImagePullJob, NodeImage, StatefulSet } from '../../shared/api/index.js';
import { nodeSideUnavailable, parseImageName } from './node-side.js';
import { elapsedLine, progress } from './progress.js';
import {
  SAMPLE_FILES,
  completedStatus,
  describePod,
  loadSample,
  missingPods,
  nativeSidecars,
  nodeTagLines,
  ordinalPodNames,
  resourceOf,
} from './samples.js';
import { readyNodeStatus, runningPodStatus } from './stand-in-kubelet.js';

const pod = (name: string, extra: Partial<Pod> = {}): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'main', image: 'nginx:alpine' }] },
  ...extra,
});

describe('the samples make run applies', () => {
  it('loads each file as one object of a known resource, in the default namespace when namespaced', () => {
    const rows: [string, string, string | undefined][] = [
      [SAMPLE_FILES.credentialProviderConfig, 'ConfigMap', 'kruise-system'],
      [SAMPLE_FILES.sidecarSet, 'SidecarSet', undefined],
      [SAMPLE_FILES.pod, 'Pod', 'default'],
      [SAMPLE_FILES.statefulSet, 'StatefulSet', 'default'],
      [SAMPLE_FILES.imagePullJob, 'ImagePullJob', 'default'],
    ];
    for (const [file, kind, namespace] of rows) {
      const object = loadSample(file);
      assert.equal(resourceOf(object).kind, kind, file);
      assert.equal(object.metadata?.namespace, namespace, file);
    }
  });

  it('keeps the seed ImagePullJob image (containerd maps its ECR host to the local registry)', () => {
    const job = loadSample<ImagePullJob>(SAMPLE_FILES.imagePullJob);
    assert.equal(job.spec?.image, '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0');
    assert.deepEqual(parseImageName(job.spec?.image ?? ''), {
      host: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      repository: 'app',
      tag: '1.0',
    });
  });

  it('names the Advanced StatefulSet pods from ordinals.start', () => {
    const sts = loadSample<StatefulSet>(SAMPLE_FILES.statefulSet);
    assert.deepEqual(ordinalPodNames(sts), [
      'sample-3',
      'sample-4',
      'sample-5',
      'sample-6',
      'sample-7',
    ]);
    assert.deepEqual(
      ordinalPodNames({ metadata: { name: 'x' }, spec: { replicas: 2 } } as StatefulSet),
      ['x-0', 'x-1'],
    );
  });

  it('counts a deleting pod as missing', () => {
    const have = [
      pod('sample-3'),
      pod('sample-4', {
        metadata: { name: 'sample-4', deletionTimestamp: '2026-12-02T00:00:00Z' },
      }),
    ];
    assert.deepEqual(missingPods(['sample-3', 'sample-4', 'sample-5'], have), [
      'sample-4',
      'sample-5',
    ]);
  });

  it('finds native sidecars (init containers with restartPolicy Always) only', () => {
    const p = pod('p', {
      spec: {
        initContainers: [
          { name: 'init', image: 'busybox' },
          { name: 'sidecar', image: 'nginx:alpine', restartPolicy: 'Always' },
        ],
        containers: [{ name: 'main', image: 'nginx:alpine' }],
      },
    });
    assert.deepEqual(nativeSidecars(p), [{ name: 'sidecar', image: 'nginx:alpine' }]);
    assert.deepEqual(nativeSidecars(pod('q')), []);
    assert.deepEqual(describePod(p).slice(1), [
      '      initContainers:',
      '        - init  busybox',
      '        - sidecar  nginx:alpine  restartPolicy: Always',
      '      containers:',
      '        - main  nginx:alpine',
    ]);
  });

  it('reads completion and the node tag of an image', () => {
    assert.equal(completedStatus({ status: { desired: 1 } } as ImagePullJob), undefined);
    const done = { desired: 1, succeeded: 1, completionTime: '2026-12-02T00:00:00Z' };
    assert.deepEqual(completedStatus({ status: done } as ImagePullJob), done);
    const ni: NodeImage = {
      metadata: { name: 'n1' },
      spec: {},
      status: {
        desired: 1,
        imageStatuses: {
          'reg.example.com/app': {
            tags: [
              { tag: '0.9', phase: 'Failed', message: 'gone' },
              { tag: '1.0', phase: 'Succeeded', imageID: 'reg.example.com/app@sha256:ab' },
            ],
          },
        },
      },
    };
    assert.deepEqual(nodeTagLines(ni, 'reg.example.com/app:1.0'), [
      '      node n1: Succeeded, imageID reg.example.com/app@sha256:ab',
    ]);
    assert.deepEqual(nodeTagLines(ni, 'reg.example.com/app:0.9'), ['      node n1: Failed (gone)']);
    assert.deepEqual(nodeTagLines(ni, 'reg.example.com/other:1.0'), []);
  });
});

describe('the node side', () => {
  it('says why containerd cannot run', () => {
    assert.equal(nodeSideUnavailable(0, []), undefined);
    assert.equal(nodeSideUnavailable(1000, []), 'containerd needs root (run make run as root)');
    assert.equal(
      nodeSideUnavailable(0, ['containerd (/usr/bin/containerd)']),
      'missing containerd (/usr/bin/containerd) (make node-infra installs them, as root)',
    );
  });

  it('serves tagged images of a registry host only', () => {
    assert.deepEqual(parseImageName('127.0.0.1:5000/team/app:v1'), {
      host: '127.0.0.1:5000',
      repository: 'team/app',
      tag: 'v1',
    });
    assert.equal(parseImageName('nginx:alpine'), undefined);
    assert.equal(parseImageName('reg.example.com/app'), undefined);
    assert.equal(parseImageName('reg.example.com/app@sha256:ab'), undefined);
  });
});

describe('the stand-in kubelet', () => {
  const now = new Date('2026-12-02T05:00:00.123Z');

  it('reports a node Ready from now', () => {
    const c = readyNodeStatus(now)?.conditions?.[0];
    assert.equal(c?.type, 'Ready');
    assert.equal(c?.status, 'True');
    assert.equal(c?.lastTransitionTime, '2026-12-02T05:00:00Z');
  });

  it('writes a pod Running and Ready, native sidecars included, other conditions kept', () => {
    const p = pod('p', {
      spec: {
        initContainers: [{ name: 'sidecar', image: 'nginx:alpine', restartPolicy: 'Always' }],
        containers: [{ name: 'main', image: 'nginx:alpine' }],
      },
      status: { conditions: [{ type: 'KruisePodReady', status: 'False' }] },
    });
    const s = runningPodStatus(p, now);
    assert.equal(s?.phase, 'Running');
    assert.deepEqual(
      s?.conditions?.map((c) => `${c.type}=${c.status}`),
      [
        'KruisePodReady=False',
        'PodScheduled=True',
        'Initialized=True',
        'ContainersReady=True',
        'Ready=True',
      ],
    );
    assert.deepEqual(
      s?.initContainerStatuses?.map((c) => c.name),
      ['sidecar'],
    );
    assert.deepEqual(
      s?.containerStatuses?.map((c) => [c.name, c.ready]),
      [['main', true]],
    );
    assert.equal(runningPodStatus(pod('q'), now)?.initContainerStatuses, undefined);
  });
});

describe('progress lines', () => {
  it('prints the seconds since the start', () => {
    assert.equal(elapsedLine(0, 'x'), '[run]   0.0 s  x');
    assert.equal(elapsedLine(123_456, 'y'), '[run] 123.5 s  y');
  });

  it('prints a line per 5 s a wait lasts, and times out with the last error', async () => {
    let t = 0;
    const lines: string[] = [];
    const p = progress(
      (s) => lines.push(s),
      0,
      () => t,
    );
    let calls = 0;
    const got = await p.waitFor('thing', async () => {
      t += 2_000;
      calls += 1;
      return calls === 7 ? 'done' : undefined;
    });
    assert.equal(got, 'done');
    assert.deepEqual(lines, [
      '[run]   6.0 s    … waiting for thing (6 s)\n',
      '[run]  12.0 s    … waiting for thing (12 s)\n',
    ]);
    await assert.rejects(
      p.waitFor(
        'never',
        async () => {
          t += 2_000;
          throw new Error('refused');
        },
        3_000,
      ),
      { message: 'timed out after 3 s waiting for never: refused' },
    );
  });
});
