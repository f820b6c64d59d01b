/**
 * The ImagePullJob plan against kruise@v1.7.4:pkg/controller/imagepulljob/
 * imagepulljob_controller.go (line numbers per case) and its fixes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imagePullJobs, nodeImages } from '../../../shared/kube/kruise-resources.js';
import { secrets } from '../../../shared/kube/core-resources.js';
import type { ImagePullJobStatus } from '../../../shared/api/imagepulljob.js';
import type { NodeImage } from '../../../shared/api/nodeimage.js';
import { planImagePullJob } from './plan.js';
import { goFixed1 } from './status.js';
import { ownerRefOf } from './tag-write.js';
import { DAEMON_NS, NOW_TIME, job, nodeImage, observed, secret, withTag } from './test-fixtures.js';

const five = ['a', 'b', 'c', 'd', 'e'].map((n) => nodeImage(n));
const kinds = (p: ReturnType<typeof planImagePullJob>) =>
  p.actions.map((a) => ('verb' in a ? `${a.verb} ${a.resource.kind}` : a.type));
const statusOf = (p: ReturnType<typeof planImagePullJob>) => {
  const s = p.actions.find((a) => 'verb' in a && a.verb === 'updateStatus');
  return s && 'status' in s ? (s.status as ImagePullJobStatus) : undefined;
};
const written = (p: ReturnType<typeof planImagePullJob>) =>
  p.actions.flatMap((a) =>
    'verb' in a && a.verb === 'update' && a.resource === nodeImages ? [a.object as NodeImage] : [],
  );

describe('ImagePullJob plan: finalizer, completion and TTL (controller.go 199-228)', () => {
  it('adds the deletion-protection finalizer first and looks again (225-228)', () => {
    const j = job({}, { finalizers: [] });
    const p = planImagePullJob(observed(j, five));
    assert.deepStrictEqual(p, {
      actions: [
        {
          verb: 'update',
          resource: imagePullJobs,
          object: {
            ...j,
            metadata: { ...j.metadata, finalizers: ['apps.kruise.io/deletion-protection'] },
          },
        },
      ],
      requeueAfterMs: 0,
    });
  });

  it('a deleting job releases its copies and drops the finalizer (199-202, 641-650)', () => {
    const j = job({ pullSecrets: ['reg'] }, { deletionTimestamp: NOW_TIME });
    const shared = secret('reg-x', DAEMON_NS, {
      labels: { 'imagepulljobs.kruise.io/source-uid': 'reg-uid' },
      annotations: {
        'imagepulljobs.kruise.io/source-key': 'ns/reg',
        'imagepulljobs.kruise.io/references': 'ns/other,ns/pull',
      },
    });
    const only = secret('old-y', DAEMON_NS, {
      labels: { 'imagepulljobs.kruise.io/source-uid': 'old-uid' },
      annotations: {
        'imagepulljobs.kruise.io/source-key': 'ns/old',
        'imagepulljobs.kruise.io/references': 'ns/pull',
      },
    });
    const p = planImagePullJob(observed(j, [], { daemonSecrets: [shared, only] }));
    assert.deepStrictEqual(p.actions.slice(0, 2), [
      {
        verb: 'delete',
        resource: secrets,
        key: { namespace: DAEMON_NS, name: 'old-y' },
        options: { preconditions: { resourceVersion: '3' } },
      },
      {
        verb: 'update',
        resource: secrets,
        object: {
          ...shared,
          metadata: {
            ...shared.metadata,
            annotations: {
              ...shared.metadata?.annotations,
              'imagepulljobs.kruise.io/references': 'ns/other',
            },
          },
        },
      },
    ]);
    assert.deepStrictEqual(kinds(p).slice(2), ['update ImagePullJob']);
    assert.equal(p.requeueAfterMs, undefined);
  });

  it('a completed job with the finalizer gone is deleted once its TTL passed (205-223)', () => {
    const done = { desired: 1, completionTime: '2024-09-05T07:59:00Z' };
    const j = job(
      { completionPolicy: { type: 'Always', ttlSecondsAfterFinished: 60 } },
      { finalizers: [] },
      done,
    );
    assert.deepStrictEqual(kinds(planImagePullJob(observed(j, []))), ['delete ImagePullJob']);
    const later = job(
      { completionPolicy: { type: 'Always', ttlSecondsAfterFinished: 90 } },
      { finalizers: [] },
      done,
    );
    assert.deepStrictEqual(planImagePullJob(observed(later, [])), {
      actions: [],
      requeueAfterMs: 30_000,
    });
  });

  it('a completed job first drops its finalizer, then looks again (207-209)', () => {
    const j = job({}, {}, { desired: 1, completionTime: NOW_TIME });
    const p = planImagePullJob(observed(j, []));
    assert.deepStrictEqual(kinds(p), ['update ImagePullJob']);
    assert.equal(p.requeueAfterMs, 0);
  });
});

describe('ImagePullJob plan: parallelism (syncNodeImages 307-330, calculateStatus 520-624)', () => {
  const cases: {
    name: string;
    targets: (j: ReturnType<typeof job>) => NodeImage[];
    parallelism?: number | string;
    writes: string[];
    active: number;
  }[] = [
    {
      name: 'writes the first `parallelism` of five not-synced NodeImages',
      targets: () => five,
      writes: ['a', 'b'],
      active: 0,
    },
    {
      name: 'writes none while two are pulling (no status yet)',
      targets: (j) => [withTag(five[0]!, j), withTag(five[1]!, j), ...five.slice(2)],
      writes: [],
      active: 2,
    },
    {
      name: 'counts a NodeImage whose image status lacks the tag as pulling (OpenKruise counts it nowhere, #1271/#2208)',
      targets: (j) => [
        {
          ...withTag(five[0]!, j),
          status: {
            desired: 1,
            imageStatuses: { nginx: { tags: [{ tag: 'other', phase: 'Succeeded' }] } },
          },
        },
        withTag(five[1]!, j, 'Pulling'),
        ...five.slice(2),
      ],
      writes: [],
      active: 2,
    },
    {
      name: 'counts a status of an older version as pulling',
      targets: (j) => [
        withTag(five[0]!, j, 'Succeeded', { version: 2, statusVersion: 1 }),
        withTag(five[1]!, j, 'Succeeded'),
        ...five.slice(2),
      ],
      writes: ['c'],
      active: 1,
    },
    {
      name: 'parallelism "50%" reads as 0 (IntValue)',
      targets: () => five,
      parallelism: '50%',
      writes: [],
      active: 0,
    },
    {
      name: 'no parallelism means 1 (defaultParallelism)',
      targets: () => five,
      parallelism: undefined,
      writes: ['a'],
      active: 0,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const j = job('parallelism' in c ? { parallelism: c.parallelism } : {});
      const p = planImagePullJob(observed(j, c.targets(j)));
      assert.deepStrictEqual(
        written(p).map((n) => n.metadata?.name),
        c.writes,
      );
      assert.equal(statusOf(p)?.active, c.active);
    });
  }
});

describe('ImagePullJob plan: the tag written (syncNodeImages 337-388)', () => {
  it('appends a new tag with the job pull policy, owner, createdAt and imagePullPolicy (the 1.7.4 bug fixed)', () => {
    const j = job({
      imagePullPolicy: 'Always',
      parallelism: 1,
      sandboxConfig: { labels: { a: 'b' } },
    });
    const [n] = written(planImagePullJob(observed(j, five)));
    assert.deepStrictEqual(n?.spec, {
      images: {
        nginx: {
          tags: [
            {
              tag: '1.25',
              pullPolicy: {
                backoffLimit: 3,
                timeoutSeconds: 600,
                ttlSecondsAfterFinished: 1800 + 300 + 7,
              },
              ownerReferences: [ownerRefOf(j)],
              createdAt: NOW_TIME,
              imagePullPolicy: 'Always',
            },
          ],
          sandboxConfig: { labels: { a: 'b' } },
        },
      },
    });
  });

  it('a tag another job owns gets version + 1, a second owner, createdAt and the policy (349-366)', () => {
    const other = job({}, { name: 'other', uid: 'other-uid' });
    const j = job({ parallelism: 1, imagePullPolicy: 'Always' });
    const n = withTag(five[0]!, other, 'Succeeded', { version: 4 });
    const [w] = written(planImagePullJob(observed(j, [n])));
    assert.deepStrictEqual(w?.spec.images?.['nginx']?.tags, [
      {
        tag: '1.25',
        version: 5,
        createdAt: NOW_TIME,
        ownerReferences: [ownerRefOf(other), ownerRefOf(j)],
        imagePullPolicy: 'Always',
      },
    ]);
  });

  it('a new tag starts after the version the node last reported (368-377), sorted by tag (387)', () => {
    const j = job({ parallelism: 1 });
    const n: NodeImage = {
      ...five[0]!,
      spec: { images: { nginx: { tags: [{ tag: '2.0', createdAt: NOW_TIME }] } } },
      status: {
        desired: 1,
        imageStatuses: { nginx: { tags: [{ tag: '1.25', phase: 'Succeeded', version: 3 }] } },
      },
    };
    const tags = written(planImagePullJob(observed(j, [n])))[0]?.spec.images?.['nginx']?.tags;
    assert.deepStrictEqual(
      tags?.map((t) => [t.tag, t.version]),
      [
        ['1.25', 4],
        ['2.0', undefined],
      ],
    );
  });

  it('Never: TTL 24 h − 600 s + jitter, deadline 1800 s (utils 90-117)', () => {
    const j = job({ parallelism: 1, completionPolicy: { type: 'Never' } });
    const pp = written(planImagePullJob(observed(j, five)))[0]?.spec.images?.['nginx']?.tags[0]
      ?.pullPolicy;
    assert.deepStrictEqual(pp, {
      backoffLimit: 3,
      timeoutSeconds: 600,
      ttlSecondsAfterFinished: 86400 - 600 + 11,
      activeDeadlineSeconds: 1800,
    });
  });

  it('Always: the TTL is the job TTL, else its deadline, plus 300 + jitter (utils 46-66)', () => {
    const j = job({
      parallelism: 1,
      completionPolicy: { type: 'Always', activeDeadlineSeconds: 100 },
    });
    const pp = written(planImagePullJob(observed(j, five)))[0]?.spec.images?.['nginx']?.tags[0]
      ?.pullPolicy;
    assert.deepStrictEqual(pp, {
      backoffLimit: 3,
      timeoutSeconds: 600,
      ttlSecondsAfterFinished: 407,
      activeDeadlineSeconds: 100,
    });
  });
});

describe('ImagePullJob plan: status (calculateStatus 520-624, formatStatusMessage)', () => {
  it('completes when every target succeeded or failed; failedNodes sorted; looks again for the TTL', () => {
    const j = job();
    const targets = [
      withTag(five[2]!, j, 'Failed'),
      withTag(five[0]!, j, 'Failed'),
      withTag(five[1]!, j, 'Succeeded'),
    ];
    const p = planImagePullJob(observed(j, targets));
    assert.deepStrictEqual(statusOf(p), {
      startTime: NOW_TIME,
      completionTime: NOW_TIME,
      desired: 3,
      active: 0,
      succeeded: 1,
      failed: 2,
      failedNodes: ['a', 'c'],
      message: 'job has completed',
    });
    assert.equal(p.requeueAfterMs, 0);
  });

  it('zero targets complete at once', () => {
    assert.equal(statusOf(planImagePullJob(observed(job(), [])))?.message, 'job has completed');
  });

  it('Never never completes', () => {
    const j = job({ completionPolicy: { type: 'Never' } });
    const s = statusOf(planImagePullJob(observed(j, [withTag(five[0]!, j, 'Succeeded')])));
    assert.deepStrictEqual(s, {
      startTime: NOW_TIME,
      desired: 1,
      active: 0,
      succeeded: 1,
      failed: 0,
      message: 'job is running, progress 100.0%',
    });
  });

  it('past activeDeadlineSeconds: pulling and not-synced fail, unsorted (600-611)', () => {
    const j = job(
      { completionPolicy: { type: 'Always', activeDeadlineSeconds: 60 } },
      {},
      { desired: 3, startTime: '2024-09-05T07:59:00Z' },
    );
    const targets = [
      five[4]!,
      withTag(five[3]!, j),
      withTag(five[2]!, j, 'Failed'),
      withTag(five[0]!, j, 'Succeeded'),
    ];
    const p = planImagePullJob(observed(j, targets));
    assert.deepStrictEqual(statusOf(p), {
      startTime: '2024-09-05T07:59:00Z',
      completionTime: NOW_TIME,
      desired: 4,
      active: 0,
      succeeded: 1,
      failed: 3,
      failedNodes: ['c', 'd', 'e'],
      message: 'job exceeds activeDeadlineSeconds',
    });
    assert.deepStrictEqual(written(p), []);
  });

  it('before the deadline: comes back when it is due (276-282)', () => {
    const j = job(
      { completionPolicy: { type: 'Always', activeDeadlineSeconds: 90 } },
      {},
      { desired: 5, startTime: '2024-09-05T07:59:00Z' },
    );
    const p = planImagePullJob(observed(j, five));
    assert.equal(p.requeueAfterMs, 30_000);
    assert.equal(statusOf(p)?.message, 'job is running, progress 0.0%');
  });

  it("progress is Go's %.1f (a tie to even)", () => {
    assert.deepStrictEqual(
      [1 / 3, 6.25, 18.75, 12.5].map((x) => goFixed1(x * (x < 1 ? 100 : 1))),
      ['33.3', '6.2', '18.8', '12.5'],
    );
  });
});

describe('ImagePullJob plan: pull-secret copies (syncSecrets 286-305, 484-518)', () => {
  const source = secret('reg', 'ns', { labels: { team: 'x' }, annotations: { note: 'y' } });

  it('creates a copy with the source-uid label, source-key and references annotations, then looks again', () => {
    const j = job({ pullSecrets: ['reg', 'missing'] });
    const p = planImagePullJob(
      observed(j, five, {
        sources: new Map([
          ['reg', source],
          ['missing', undefined],
        ]),
      }),
    );
    assert.deepStrictEqual(p, {
      actions: [
        {
          verb: 'create',
          resource: secrets,
          object: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: {
              namespace: DAEMON_NS,
              generateName: 'reg-',
              labels: { team: 'x', 'imagepulljobs.kruise.io/source-uid': 'reg-uid' },
              annotations: {
                note: 'y',
                'imagepulljobs.kruise.io/source-key': 'ns/reg',
                'imagepulljobs.kruise.io/references': 'ns/pull',
              },
            },
            type: 'kubernetes.io/dockerconfigjson',
            data: { '.dockerconfigjson': 'e30=' },
          },
        },
      ],
      requeueAfterMs: 0,
    });
  });

  it('syncs the data of a copy from its source, references sorted, and names the copy in the NodeImages', () => {
    const j = job({ pullSecrets: ['reg'], parallelism: 1 });
    const copy = secret(
      'reg-abcde',
      DAEMON_NS,
      {
        uid: 'copy-uid',
        labels: { 'imagepulljobs.kruise.io/source-uid': 'reg-uid' },
        annotations: {
          'imagepulljobs.kruise.io/source-key': 'ns/reg',
          'imagepulljobs.kruise.io/references': 'zz/late',
        },
      },
      { old: 'AA==' },
    );
    // OpenKruise's target map holds only the copies that already name the job.
    const joined = {
      ...copy,
      metadata: {
        ...copy.metadata,
        annotations: {
          ...copy.metadata?.annotations,
          'imagepulljobs.kruise.io/references': 'ns/pull,zz/late',
        },
      },
    };
    const p = planImagePullJob(
      observed(j, five, { sources: new Map([['reg', source]]), daemonSecrets: [joined] }),
    );
    assert.deepStrictEqual(kinds(p), [
      'update Secret',
      'update NodeImage',
      'updateStatus ImagePullJob',
    ]);
    const first = p.actions[0];
    assert.ok(first && 'verb' in first && first.verb === 'update');
    assert.deepStrictEqual((first.object as typeof copy).data, source.data);
    assert.deepStrictEqual(written(p)[0]?.spec.images?.['nginx']?.pullSecrets, [
      { namespace: DAEMON_NS, name: 'reg-abcde' },
    ]);
  });

  it('a NodeImage the job owns that lacks a copy gets it (OpenKruise skips it for good)', () => {
    const j = job({ pullSecrets: ['reg'], parallelism: 1 });
    const copy = secret('reg-abcde', DAEMON_NS, {
      labels: { 'imagepulljobs.kruise.io/source-uid': 'reg-uid' },
      annotations: {
        'imagepulljobs.kruise.io/source-key': 'ns/reg',
        'imagepulljobs.kruise.io/references': 'ns/pull',
      },
    });
    const p = planImagePullJob(
      observed(j, [withTag(five[0]!, j, 'Pulling')], {
        sources: new Map([['reg', source]]),
        daemonSecrets: [copy],
      }),
    );
    const n = written(p)[0];
    assert.deepStrictEqual(n?.spec.images?.['nginx']?.pullSecrets, [
      { namespace: DAEMON_NS, name: 'reg-abcde' },
    ]);
    assert.equal(n?.spec.images?.['nginx']?.tags[0]?.version, undefined);
  });

  it('a job inside the daemon namespace uses its secrets as they are (287-289)', () => {
    const j = job({ pullSecrets: ['reg'], parallelism: 1 }, { namespace: DAEMON_NS });
    const p = planImagePullJob(observed(j, five));
    assert.deepStrictEqual(kinds(p), ['update NodeImage', 'updateStatus ImagePullJob']);
    assert.deepStrictEqual(written(p)[0]?.spec.images?.['nginx']?.pullSecrets, [
      { namespace: DAEMON_NS, name: 'reg' },
    ]);
  });

  it("no daemon namespace is a problem with OpenKruise's words (301-303)", () => {
    const p = planImagePullJob(observed(job(), five, { daemonNamespaceObject: undefined }));
    assert.deepStrictEqual(p.problems, [
      'failed to sync secrets: failed to check kruise-daemon-config namespace: namespaces "kruise-daemon-config" not found',
    ]);
  });
});
