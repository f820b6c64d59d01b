/**
 * The puller shell against an in-memory API (the KubeClient I/O interface)
 * and a fake runtime: which workers run, what status is written, how often.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { NodeImage } from '../../shared/api/nodeimage.js';
import { ConflictError } from '../../shared/kube/api-error.js';
import type { KubeClient } from '../../shared/kube/client.js';
import type { KubeObject } from '../../shared/kube/resource.js';
import type { CriImage } from './cri/client.js';
import { createPuller } from './puller.js';
import { semaphore } from './semaphore.js';

function memoryApi(initial: NodeImage) {
  let stored: NodeImage = { ...initial, metadata: { ...initial.metadata, resourceVersion: '1' } };
  const writes: NodeImage[] = [];
  const client = {
    get: async () => stored,
    find: async () => undefined,
    async updateStatus(_r: unknown, obj: KubeObject) {
      const o = obj as NodeImage;
      if (o.metadata?.resourceVersion !== stored.metadata?.resourceVersion) {
        throw new ConflictError('the object has been modified', { status: 409 });
      }
      const rv = String(Number(stored.metadata?.resourceVersion ?? '0') + 1);
      stored = { ...o, metadata: { ...o.metadata, resourceVersion: rv } };
      writes.push(stored);
      return stored;
    },
  } as unknown as KubeClient;
  return {
    client,
    writes,
    stored: () => stored,
    /** Another writer (the manager) moves the object on. */
    bump() {
      stored = {
        ...stored,
        metadata: {
          ...stored.metadata,
          resourceVersion: `${stored.metadata?.resourceVersion ?? ''}x`,
        },
      };
    },
  };
}

const nodeImage = (
  tags: { tag: string; version?: number; imagePullPolicy?: 'Always' | 'IfNotPresent' }[],
): NodeImage => ({
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'NodeImage',
  metadata: { name: 'node-a', uid: 'u1' },
  spec: { images: { 'r.io/app': { tags } } },
});

function setup(initial: NodeImage, clock = { now: Date.parse('2026-01-01T00:00:00Z') }) {
  const api = memoryApi(initial);
  const images = new Map<string, CriImage>();
  const pulled: string[] = [];
  let acquires = 0;
  const puller = createPuller({
    client: api.client,
    log: pino({ level: 'silent' }),
    statusLimiter: { acquire: async () => void acquires++ },
    now: () => clock.now,
    random: () => 0.5,
    workerDeps: {
      cri: {
        async pullImage(req) {
          pulled.push(req.image);
          images.set(req.image, {
            id: `sha256:${req.image.length}`,
            repoTags: [req.image],
            repoDigests: [],
            size: '1',
          });
          return 'ok';
        },
        imageStatus: async (ref) => images.get(ref),
      },
      digestOf: async () => 'sha256:x',
      slots: semaphore(0),
      now: () => Date.parse('2026-01-01T00:00:00Z'),
      sleep: async () => undefined,
      log: pino({ level: 'silent' }),
    },
  });
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 5));
      await puller.idle();
    }
  };
  return { api, puller, settle, pulled, acquires: () => acquires };
}

describe('the node puller shell', () => {
  it('pulls every tag and writes the full status, coalescing the writes', async () => {
    const ni = nodeImage([{ tag: 'v1' }, { tag: 'v2' }]);
    const { api, puller, settle, acquires } = setup(ni);
    puller.observe(api.stored());
    await settle();
    const status = api.stored().status;
    assert.deepEqual(
      status?.imageStatuses?.['r.io/app']?.tags.map((t) => [t.tag, t.phase, t.imageID]),
      [
        ['v1', 'Succeeded', 'r.io/app@sha256:11'],
        ['v2', 'Succeeded', 'r.io/app@sha256:11'],
      ],
    );
    assert.deepEqual(
      [status?.desired, status?.succeeded, status?.failed, status?.pulling],
      [2, 2, 0, 0],
    );
    // four status changes (Pulling and Succeeded of each tag) and the sync: fewer writes than changes
    assert.ok(
      api.writes.length <= acquires() && api.writes.length < 5,
      `${api.writes.length} writes`,
    );
    assert.equal(puller.activeWorkers, 0);
  });

  it('writes nothing when the status did not change, and nothing for a status-only event', async () => {
    const { api, puller, settle } = setup(nodeImage([{ tag: 'v1' }]));
    puller.observe(api.stored());
    await settle();
    const writes = api.writes.length;
    puller.observe(api.stored());
    await settle();
    assert.equal(api.writes.length, writes);
  });

  it('pulls again for a new version and drops the status of a tag that left the spec', async () => {
    const { api, puller, settle } = setup(nodeImage([{ tag: 'v1' }, { tag: 'old' }]));
    puller.observe(api.stored());
    await settle();
    const next = { ...api.stored(), spec: nodeImage([{ tag: 'v1', version: 1 }]).spec };
    puller.observe(next);
    await settle();
    const tags = api.stored().status?.imageStatuses?.['r.io/app']?.tags ?? [];
    assert.deepEqual(
      tags.map((t) => [t.tag, t.phase, t.version]),
      [['v1', 'Succeeded', 1]],
    );
    assert.equal(api.stored().status?.desired, 1);
  });

  it('does not pull a finished tag again when a spec change arrives on an object without its status', async () => {
    // Always: a second worker of v1 would pull again (the registry digest is never local here)
    const always = { imagePullPolicy: 'Always' as const };
    const initial = nodeImage([{ tag: 'v1', ...always }]);
    const { api, puller, settle, pulled } = setup(initial);
    puller.observe(api.stored());
    await settle();
    puller.observe({ ...initial, spec: nodeImage([{ tag: 'v1', ...always }, { tag: 'v2' }]).spec });
    await settle();
    assert.deepEqual(pulled, ['r.io/app:v1', 'r.io/app:v2']);
  });

  it('runs one sync at a time: two quick spec changes start one worker per tag', async () => {
    const { api, puller, settle, pulled } = setup(nodeImage([{ tag: 'v1' }]));
    const two = { ...api.stored(), spec: nodeImage([{ tag: 'v1' }, { tag: 'v2' }]).spec };
    puller.observe(api.stored());
    puller.observe(two);
    await settle();
    assert.deepEqual([...pulled].sort(), ['r.io/app:v1', 'r.io/app:v2']);
  });

  it('sends an unchanged status again only once it is 12 h 30 min old (draw 0.5)', async () => {
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const { api, puller, settle } = setup(nodeImage([{ tag: 'v1' }]), clock);
    puller.observe(api.stored());
    await settle();
    const writes = api.writes.length;
    clock.now += 12 * 3_600_000;
    puller.refresh();
    await settle();
    assert.equal(api.writes.length, writes, 'resent after 12 h');
    clock.now += 30 * 60_000;
    puller.refresh();
    await settle();
    assert.equal(api.writes.length, writes + 1);
    assert.deepEqual(api.stored().status, api.writes[writes - 1]?.status);
    puller.refresh();
    await settle();
    assert.equal(api.writes.length, writes + 1, 'resent twice');
    puller.stop();
  });

  it('reads the object again after a conflict and writes its status once more', async () => {
    const { api, puller, settle } = setup(nodeImage([{ tag: 'v1' }]));
    api.bump();
    puller.observe({
      ...api.stored(),
      metadata: { ...api.stored().metadata, resourceVersion: '1' },
    });
    await settle();
    assert.equal(api.stored().status?.succeeded, 1);
  });
});
