/**
 * Hot upgrade through the whole plan (SPEC §2.10): the new image goes into
 * the idle container, which becomes the working one; once the pod runs it
 * and is ready, the old container is reset to the empty image (also under
 * NotUpdate); a pod reset and updated in one round gets one write.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import { pods as podResource } from '../../../shared/kube/core-resources.js';
import type { SidecarSetAction } from './actions.js';
import { planSidecarSet } from './plan.js';
import { applyPodWrites, kubeletCatchesUp, render } from './test-actions.js';
import {
  TS,
  injectedAnnotations,
  observed,
  pod,
  runningStatus,
  sidecarSet,
} from './test-fixtures.js';

const mesh = (image: string) => ({
  name: 'mesh',
  image,
  upgradeStrategy: { upgradeType: 'HotUpgrade' as const, hotUpgradeEmptyImage: 'ex/empty:1' },
});
const hotSet = (image: string, type: 'RollingUpdate' | 'NotUpdate' = 'RollingUpdate'): SidecarSet =>
  sidecarSet({ containers: [mesh(image)], updateStrategy: { type } });

/** A pod the webhook injected from `ex/mesh:1`: mesh-1 working, mesh-2 idle on the empty image. */
function hotPod(i: number): Pod {
  const base = pod(i, { from: hotSet('ex/mesh:1') });
  const containers = [
    { name: 'app', image: 'ex/app:1' },
    { name: 'mesh-1', image: 'ex/mesh:1' },
    { name: 'mesh-2', image: 'ex/empty:1' },
  ];
  return {
    ...base,
    metadata: {
      ...base.metadata,
      annotations: {
        ...injectedAnnotations(hotSet('ex/mesh:1')),
        'kruise.io/sidecarset-working-hotupgrade-container': '{"mesh":"mesh-1"}',
        'version.sidecarset.kruise.io/mesh-1': '1',
        'versionalt.sidecarset.kruise.io/mesh-1': '0',
        'version.sidecarset.kruise.io/mesh-2': '0',
        'versionalt.sidecarset.kruise.io/mesh-2': '1',
      },
    },
    spec: { ...base.spec, containers },
    status: {
      ...base.status,
      containerStatuses: containers.map((c) => runningStatus(c.name, c.image)),
    },
  };
}

const V2 = hotSet('ex/mesh:2');
/** After the update to ex/mesh:2, with the kubelet running it in mesh-2. */
const upgraded = applyPodWrites([hotPod(0)], planSidecarSet(observed(V2, [hotPod(0)])).actions).map(
  kubeletCatchesUp,
);

describe('HotUpgrade sidecars', () => {
  it('writes the new image into the idle container and makes it the working one', () => {
    const plan = planSidecarSet(observed(V2, [hotPod(0)]));
    assert.deepStrictEqual(plan.actions.slice(1).map(render), [
      'update Pod ns/web-0 containers/2/image=ex/mesh:2 @kruise.io/sidecarset-hash ' +
        '@kruise.io/sidecarset-working-hotupgrade-container @versionalt.sidecarset.kruise.io/mesh-1=500 ' +
        // versionalt of mesh-2 becomes mesh-1's version, 1, which it already is.
        '@version.sidecarset.kruise.io/mesh-2=500 ' +
        '@kruise.io/sidecarset-inplace-update-state',
      'condition Pod ns/web-0 True AllSidecarsetUpgradable {"log-set":true}',
    ]);
    assert.equal(
      upgraded[0]?.metadata?.annotations?.['kruise.io/sidecarset-working-hotupgrade-container'],
      '{"mesh":"mesh-2"}',
    );
  });

  const reset: SidecarSetAction = {
    type: 'resetHotUpgrade',
    pod: {
      kind: 'Pod',
      apiVersion: 'v1',
      name: 'web-0',
      namespace: 'ns',
      uid: 'pod-uid-0',
      resourceVersion: '1000',
    },
    write: {
      verb: 'patch',
      resource: podResource,
      key: { name: 'web-0', namespace: 'ns' },
      patch: {
        type: 'json',
        operations: [
          { op: 'replace', path: '/spec/containers/1/image', value: 'ex/empty:1' },
          {
            op: 'add',
            path: '/metadata/annotations/version.sidecarset.kruise.io~1mesh-1',
            value: '0',
          },
          {
            op: 'add',
            path: '/metadata/annotations/versionalt.sidecarset.kruise.io~1mesh-2',
            value: '0',
          },
          {
            op: 'add',
            path: '/metadata/annotations/kruise.io~1sidecarset-inplace-update-state',
            value:
              `{"log-set":{"revision":"${V2.metadata?.annotations?.['kruise.io/sidecarset-hash'] ?? ''}","updateTimestamp":"${TS}",` +
              '"lastContainerStatuses":{"mesh-1":{"imageID":"docker.io/ex/mesh@sha256:1"},"mesh-2":{"imageID":"docker.io/ex/empty@sha256:1"}}}}',
          },
        ],
      },
      options: { resourceVersion: '1000' },
      log: {
        v: 3,
        message: 'SidecarSet updated pod',
        fields: { pod: { name: 'web-0', namespace: 'ns' }, images: 1 },
      },
    },
  };

  it('resets the old container to the empty image once the pod runs the new one and is ready', () => {
    const plan = planSidecarSet(observed(V2, upgraded));
    assert.deepStrictEqual(plan.actions.slice(1), [reset]);
    // Until the reset is done the pod is not ready: its idle container is not on the empty image.
    assert.match(render(plan.actions[0] ?? reset), /"updatedPods":1,"readyPods":0/);
  });

  it('resets under NotUpdate as well', () => {
    const plan = planSidecarSet(observed(hotSet('ex/mesh:2', 'NotUpdate'), upgraded));
    assert.deepStrictEqual(plan.actions.slice(1).map(render), [render(reset)]);
  });

  it('writes a pod reset and updated in one round once, with both changes', () => {
    const plan = planSidecarSet(observed(hotSet('ex/mesh:3'), upgraded));
    assert.deepStrictEqual(plan.actions.slice(1).map(render), [
      'reset Pod ns/web-0 containers/1/image=ex/mesh:3 @kruise.io/sidecarset-hash ' +
        // The reset's versions (mesh-1 0, mesh-2's alternative 0) are overwritten by the update's.
        '@kruise.io/sidecarset-working-hotupgrade-container ' +
        '@version.sidecarset.kruise.io/mesh-1=500 @versionalt.sidecarset.kruise.io/mesh-2=500 ' +
        '@kruise.io/sidecarset-inplace-update-state',
      'condition Pod ns/web-0 True AllSidecarsetUpgradable {"log-set":true}',
    ]);
  });
});
