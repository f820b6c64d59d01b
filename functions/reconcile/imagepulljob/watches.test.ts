/**
 * Events to ImagePullJob keys (kruise@v1.7.4:pkg/controller/imagepulljob/
 * imagepulljob_event_handler.go; GetActiveJobsForNodeImage and
 * GetActiveJobsForPod, pkg/util/imagejob/imagejob_reader.go 164-260).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { ImagePullJob } from '../../../shared/api/imagepulljob.js';
import type { NodeImage } from '../../../shared/api/nodeimage.js';
import type { KubeClient } from '../../../shared/kube/client.js';
import type { KubeObject, Resource } from '../../../shared/kube/resource.js';
import type { MapContext, ObjectRef } from '../controller.js';
import { job, nodeImage, withTag } from './test-fixtures.js';
import { imagePullJobWatches } from './watches.js';

function context(
  jobs: ImagePullJob[],
  objects: { nodeImages?: NodeImage[]; pods?: Pod[] },
): MapContext {
  const client = {
    find: async (_r: Resource<KubeObject>, key: { name: string }) =>
      objects.nodeImages?.find((n) => n.metadata?.name === key.name),
  } as unknown as KubeClient; // only find() is read by the NodeImage mapping
  return {
    client,
    sidecarSets: async () => [],
    namespaceLabels: async () => ({}),
    pod: async (key) => objects.pods?.find((p) => p.metadata?.name === key.name),
    readPodsByList: () => undefined,
    namespaced: async <T extends KubeObject>(_r: Resource<T>, ns: string) =>
      jobs.filter((j) => ns === '' || j.metadata?.namespace === ns) as unknown as T[],
  };
}

const watch = (resource: string) => {
  const w = imagePullJobWatches('kruise-daemon-config').find((x) => x.resource === resource);
  assert.ok(w);
  return w;
};
const names = (keys: readonly { name: string }[]) => keys.map((k) => k.name);

describe('ImagePullJob watches', () => {
  const all = job({}, { name: 'all' });
  const named = job({ selector: { names: ['n1'] } }, { name: 'named', uid: 'u2' });
  const labelled = job(
    { selector: { matchLabels: { zone: 'a' } } },
    { name: 'labelled', uid: 'u3' },
  );
  const done = job(
    {},
    { name: 'done', uid: 'u4' },
    { desired: 0, completionTime: '2024-09-05T08:00:00Z' },
  );
  const pods = job({ podSelector: { matchLabels: { app: 'web' } } }, { name: 'pods', uid: 'u5' });

  it('a NodeImage event with no active job names none and reads nothing', async () => {
    let reads = 0;
    const ctx = context([done], {});
    const counting = {
      ...ctx,
      client: { find: async () => void reads++ } as unknown as KubeClient,
    };
    const ref: ObjectRef = {
      group: 'apps.kruise.io',
      resource: 'nodeimages',
      name: 'n1',
      verb: 'update',
    };
    assert.deepEqual(await watch('nodeimages').keys(ref, counting), []);
    assert.equal(reads, 0);
  });

  it('a NodeImage names the active jobs that target it or own a tag in it', async () => {
    const n = withTag(nodeImage('n2', { zone: 'a' }), pods);
    const ctx = context([all, named, labelled, done, pods], { nodeImages: [n] });
    const ref: ObjectRef = {
      group: 'apps.kruise.io',
      resource: 'nodeimages',
      name: 'n2',
      subresource: 'status',
    };
    assert.deepStrictEqual(names(await watch('nodeimages').keys(ref, ctx)), [
      'all',
      'labelled',
      'pods',
    ]);
  });

  it('a deleted NodeImage names every active job', async () => {
    const ctx = context([all, named, done], {});
    const ref: ObjectRef = {
      group: 'apps.kruise.io',
      resource: 'nodeimages',
      name: 'n1',
      verb: 'delete',
    };
    assert.deepStrictEqual(names(await watch('nodeimages').keys(ref, ctx)), ['all', 'named']);
  });

  it('a scheduled pod names the podSelector jobs selecting it; an unscheduled one none', async () => {
    const pod = (name: string, nodeName?: string): Pod => ({
      metadata: { name, namespace: 'ns', labels: { app: 'web' } },
      spec: { containers: [], ...(nodeName && { nodeName }) },
    });
    const ctx = context([all, pods], { pods: [pod('p1', 'n1'), pod('p2')] });
    const ref = (name: string): ObjectRef => ({
      group: '',
      resource: 'pods',
      namespace: 'ns',
      name,
    });
    assert.deepStrictEqual(names(await watch('pods').keys(ref('p1'), ctx)), ['pods']);
    assert.deepStrictEqual(names(await watch('pods').keys(ref('p2'), ctx)), []);
  });

  it('a source secret names the jobs pulling with it; a copy in the daemon namespace none', async () => {
    const withSecret = job({ pullSecrets: ['reg'] }, { name: 'private' });
    const ctx = context([all, withSecret], {});
    const ref = (namespace: string): ObjectRef => ({
      group: '',
      resource: 'secrets',
      namespace,
      name: 'reg',
    });
    assert.deepStrictEqual(names(await watch('secrets').keys(ref('ns'), ctx)), ['private']);
    assert.deepStrictEqual(
      names(await watch('secrets').keys(ref('kruise-daemon-config'), ctx)),
      [],
    );
  });
});
