/**
 * The pull worker against a fake runtime (the CriImageService boundary), a
 * fake registry digest and a clock that moves only when the worker sleeps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { ImageTagSpec, ImageTagStatus } from '../../shared/api/nodeimage.js';
import { keyringOf, type Keyring } from '../../shared/registry-auth/docker-keyring.js';
import type { CriImage, PullRequest } from './cri/client.js';
import { CriError } from './cri/grpc-error.js';
import { semaphore } from './semaphore.js';
import { runPullWorker, type PullEvent, type WorkerDeps } from './worker.js';

const NODE_IMAGE_REF = {
  kind: 'NodeImage',
  apiVersion: 'apps.kruise.io/v1alpha1',
  name: 'node-a',
  uid: 'ni-uid',
};

const REPO = '127.0.0.1:5000/team/app';
const secret = (users: string[]) => ({
  type: 'kubernetes.io/dockercfg',
  data: {
    '.dockercfg': Buffer.from(
      JSON.stringify(
        Object.fromEntries(
          users.map((u, i) => [
            i === 0 ? '127.0.0.1:5000' : `127.0.0.1:5000/team${'/'.repeat(0)}`,
            { username: u, password: `${u}-pw` },
          ]),
        ),
      ),
    ).toString('base64'),
  },
});

interface Fake {
  local?: CriImage;
  /** username (or '' anonymous) → error message; absent = success */
  fail?: Record<string, string>;
  hang?: boolean;
  digest?: string;
}

function harness(fake: Fake) {
  const pulls: PullRequest[] = [];
  const sleeps: number[] = [];
  const events: PullEvent[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const deps: WorkerDeps = {
    cri: {
      async pullImage(req, opts) {
        pulls.push(req);
        if (fake.hang === true)
          await new Promise((_, reject) =>
            opts?.signal?.addEventListener('abort', () =>
              reject(new CriError('PullImage', 1, 'Cancelled on client')),
            ),
          );
        const failure = fake.fail?.[req.auth?.username ?? ''];
        if (failure !== undefined) throw new CriError('PullImage', 2, failure);
        fake.local = {
          id: 'sha256:cfg',
          repoTags: [req.image],
          repoDigests: [`${REPO}@sha256:new`],
          size: '1',
        };
        return 'sha256:cfg';
      },
      imageStatus: async () => fake.local,
    },
    async digestOf() {
      if (fake.digest === undefined) throw new Error('HTTP 404');
      return fake.digest;
    },
    slots: semaphore(1),
    now: () => clock,
    async sleep(ms) {
      sleeps.push(ms);
      clock += ms;
    },
    log: pino({ level: 'silent' }),
    recordEvent: (e) => events.push(e),
  };
  const slots = deps.slots;
  const run = async (
    tag: ImageTagSpec,
    keyring: Keyring | Error = keyringOf([]),
    stop = new AbortController().signal,
  ) => {
    const statuses: ImageTagStatus[] = [];
    await runPullWorker(
      {
        image: REPO,
        tag,
        keyring,
        sandboxConfig: { labels: { l: 'v' } },
        nodeImageRef: NODE_IMAGE_REF,
      },
      deps,
      (s) => statuses.push(s),
      stop,
    );
    return statuses;
  };
  return { run, pulls, sleeps, fake, slots, events };
}

const START = '2026-01-01T00:00:00Z';

describe('the pull worker', () => {
  it('reports Pulling, then Succeeded with the image ID, after one pull', async () => {
    const h = harness({});
    const statuses = await h.run({ tag: 'v1', version: 2 });
    assert.deepEqual(statuses, [
      { tag: 'v1', startTime: START, version: 2, phase: 'Pulling' },
      {
        tag: 'v1',
        startTime: START,
        version: 2,
        phase: 'Succeeded',
        progress: 100,
        completionTime: START,
        imageID: `${REPO}@sha256:cfg`,
      },
    ]);
    assert.deepEqual(h.pulls, [
      {
        image: `${REPO}:v1`,
        sandboxLabels: { l: 'v' },
        sandboxAnnotations: { 'apps.kruise.io/pulling-image-by': 'kruise-daemon' },
      },
    ]);
  });

  it('does not pull an image that is present under IfNotPresent', async () => {
    const h = harness({ local: { id: 'sha256:old', repoTags: [], repoDigests: [], size: '1' } });
    const last = (await h.run({ tag: 'v1' })).at(-1);
    assert.deepEqual(
      [last?.phase, last?.imageID, h.pulls.length],
      ['Succeeded', `${REPO}@sha256:old`, 0],
    );
  });

  it('under Always, pulls only when the registry digest is not local', async () => {
    const local = {
      id: 'sha256:old',
      repoTags: [],
      repoDigests: [`${REPO}@sha256:same`],
      size: '1',
    };
    const same = harness({ local: { ...local }, digest: 'sha256:same' });
    await same.run({ tag: 'v1', imagePullPolicy: 'Always' });
    assert.equal(same.pulls.length, 0);
    const moved = harness({ local: { ...local }, digest: 'sha256:new' });
    await moved.run({ tag: 'v1', imagePullPolicy: 'Always' });
    assert.equal(moved.pulls.length, 1);
    const unreadable = harness({ local: { ...local } });
    await unreadable.run({ tag: 'v1', imagePullPolicy: 'Always' });
    assert.equal(unreadable.pulls.length, 1);
  });

  it('tries each matching credential in order; the first success wins', async () => {
    const h = harness({ fail: { ada: '401 Unauthorized' } });
    const last = (await h.run({ tag: 'v1' }, keyringOf([secret(['ada']), secret(['bob'])]))).at(-1);
    assert.equal(last?.phase, 'Succeeded');
    assert.deepEqual(
      h.pulls.map((p) => p.auth),
      [
        { username: 'ada', password: 'ada-pw' },
        { username: 'bob', password: 'bob-pw' },
      ],
    );
  });

  it('fails after backoffLimit + 1 attempts with the aggregate, waiting 1 s, 2 s between them', async () => {
    const h = harness({ fail: { ada: 'denied a', bob: 'denied b' } });
    const statuses = await h.run(
      { tag: 'v1', pullPolicy: { backoffLimit: 2 } },
      keyringOf([secret(['ada']), secret(['bob'])]),
    );
    assert.deepEqual(statuses.at(-1), {
      tag: 'v1',
      startTime: START,
      phase: 'Failed',
      completionTime: '2026-01-01T00:00:03Z',
      message:
        '[rpc error: code = Unknown desc = denied a, rpc error: code = Unknown desc = denied b]',
    });
    assert.deepEqual([h.pulls.length, h.sleeps], [6, [1_000, 2_000]]);
  });

  it('names the reference of a failed anonymous pull', async () => {
    const h = harness({ fail: { '': 'not found' } });
    const last = (await h.run({ tag: 'v1', pullPolicy: { backoffLimit: 0 } })).at(-1);
    assert.equal(
      last?.message,
      `Failed to pull image reference "${REPO}:v1": rpc error: code = Unknown desc = not found`,
    );
  });

  it('fails with the keyring error of a malformed secret, without pulling', async () => {
    const h = harness({});
    const last = (
      await h.run(
        { tag: 'v1', pullPolicy: { backoffLimit: 0 } },
        new Error('kubernetes.io/dockercfg secret is not JSON'),
      )
    ).at(-1);
    assert.deepEqual(
      [last?.phase, last?.message, h.pulls.length],
      ['Failed', 'kubernetes.io/dockercfg secret is not JSON', 0],
    );
  });

  it('cuts an attempt at timeoutSeconds', async () => {
    const h = harness({ hang: true });
    const last = (
      await h.run({ tag: 'v1', pullPolicy: { timeoutSeconds: 1, backoffLimit: 0 } })
    ).at(-1);
    assert.deepEqual(
      [last?.phase, last?.message],
      ['Failed', `pulling image ${REPO}:v1 is canceled`],
    );
  });

  it('stops retrying once activeDeadlineSeconds has passed', async () => {
    const h = harness({ fail: { '': 'boom' } });
    const last = (
      await h.run({ tag: 'v1', pullPolicy: { backoffLimit: 5, activeDeadlineSeconds: 2 } })
    ).at(-1);
    // attempt, sleep 1 s, attempt, sleep 2 s: the deadline (2 s) has passed
    assert.deepEqual(
      [last?.message, h.pulls.length],
      ['pulling exceeds the activeDeadlineSeconds', 2],
    );
  });

  it('reports Waiting while the node-wide cap is reached, then Pulling', async () => {
    const h = harness({});
    const held = await h.slots.acquire();
    const statuses: string[] = [];
    const running = h.run({ tag: 'v1' }).then((all) => statuses.push(...all.map((s) => s.phase)));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(h.pulls.length, 0);
    held();
    await running;
    assert.deepEqual(statuses, ['Waiting', 'Pulling', 'Succeeded']);
  });

  it('reports nothing more once stopped', async () => {
    const h = harness({ hang: true });
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('stopped')), 20);
    const statuses = await h.run({ tag: 'v1' }, keyringOf([]), stop.signal);
    assert.deepEqual(
      statuses.map((s) => s.phase),
      ['Pulling'],
    );
  });

  it('records PullImageSucceed on the NodeImage, PullImageFailed on the owners and the NodeImage', async () => {
    const ok = harness({});
    await ok.run({ tag: 'v1' });
    assert.deepEqual(ok.events, [
      {
        involved: NODE_IMAGE_REF,
        eventType: 'Normal',
        reason: 'PullImageSucceed',
        message: `Image ${REPO}:v1, ecalpsedTime 0s`,
      },
    ]);
    const bad = harness({ fail: { '': 'denied' } });
    const owner = {
      kind: 'ImagePullJob',
      apiVersion: 'apps.kruise.io/v1alpha1',
      name: 'job',
      namespace: 'ns',
    };
    await bad.run({ tag: 'v1', ownerReferences: [owner], pullPolicy: { backoffLimit: 0 } });
    const message = `Image ${REPO}:v1 Failed to pull image reference "${REPO}:v1": rpc error: code = Unknown desc = denied`;
    assert.deepEqual(
      bad.events.map((e) => [e.involved.kind, e.eventType, e.reason, e.message]),
      [
        ['ImagePullJob', 'Warning', 'PullImageFailed', message],
        ['NodeImage', 'Warning', 'PullImageFailed', message],
      ],
    );
  });
});
