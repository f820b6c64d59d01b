/**
 * Native sidecars (init containers with `restartPolicy: Always`, SPEC §2.11)
 * with and without kruise-fn's SidecarSetNativeSidecarInPlaceUpdate gate.
 * Without it the controller does what OpenKruise 1.7 does: it never touches
 * init containers (a RollingUpdate SidecarSet with one, which validation
 * only admits under the gate, would get its hash entry rewritten while the
 * image stays). Under it the init container's image is updated under the
 * same rules, and consistency is read from `initContainerStatuses`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import type { SidecarContainer } from '../../../shared/api/sidecarset.js';
import { planSidecarSet } from './plan.js';
import { applyPodWrites, kubeletCatchesUp, render } from './test-actions.js';
import { observed, pod, runningStatus, sidecarSet } from './test-fixtures.js';

const proxy = (image: string, extra: Partial<SidecarContainer> = {}): SidecarContainer => ({
  name: 'proxy',
  image,
  restartPolicy: 'Always',
  ...extra,
});
const nativeSet = (image: string) =>
  sidecarSet({
    containers: [],
    initContainers: [proxy(image)],
    updateStrategy: { type: 'RollingUpdate' },
  });
const V1 = nativeSet('ex/proxy:1');
const V2 = nativeSet('ex/proxy:2');

const nativePod = (i: number): Pod =>
  pod(i, {
    from: V1,
    initContainers: [{ name: 'proxy', image: 'ex/proxy:1', restartPolicy: 'Always' }],
    initStatuses: [runningStatus('proxy', 'ex/proxy:1')],
  });

const plan = (listed: Pod[], gate: boolean, set = V2) =>
  planSidecarSet(observed(set, listed, { nativeSidecarInPlaceUpdate: gate }));
const lines = (p: ReturnType<typeof plan>) => p.actions.map(render).slice(1);

describe('native sidecars in place', () => {
  it('without the gate: the hash entry is rewritten, the init container keeps its image (OpenKruise 1.7)', () =>
    assert.deepStrictEqual(lines(plan([nativePod(0), nativePod(1)], false)), [
      'update Pod ns/web-1 @kruise.io/sidecarset-hash @kruise.io/sidecarset-inplace-update-state',
      'condition Pod ns/web-1 True AllSidecarsetUpgradable {"log-set":true}',
    ]));

  it('under the gate: the init container image is updated and its imageID recorded', () => {
    const p = plan([nativePod(0), nativePod(1)], true);
    assert.deepStrictEqual(lines(p), [
      'update Pod ns/web-1 initContainers/0/image=ex/proxy:2 @kruise.io/sidecarset-hash @kruise.io/sidecarset-inplace-update-state',
      'condition Pod ns/web-1 True AllSidecarsetUpgradable {"log-set":true}',
    ]);
    const [after] = applyPodWrites([nativePod(1)], p.actions);
    assert.match(
      after?.metadata?.annotations?.['kruise.io/sidecarset-inplace-update-state'] ?? '',
      /"lastContainerStatuses":\{"proxy":\{"imageID":"docker.io\/ex\/proxy@sha256:1"\}\}/,
    );
  });

  it('under the gate: an updated pod whose kubelet has not restarted the sidecar holds the budget', () => {
    const listed = [nativePod(0), nativePod(1)];
    const next = applyPodWrites(listed, plan(listed, true).actions);
    const p = plan(next, true);
    assert.deepStrictEqual(p.actions.map(render), [
      'status {"observedGeneration":2,"matchedPods":2,"updatedPods":1,"readyPods":1,"latestRevision":' +
        `"${String((p.actions[0] as { status: { latestRevision: string } }).status.latestRevision)}","collisionCount":0}`,
    ]);
    assert.equal(p.requeueAfterMs, undefined);
  });

  it('under the gate: once the kubelet runs the new image (Kubernetes ≥ 1.32) the next pod goes', () => {
    const listed = [nativePod(0), nativePod(1)];
    const next = applyPodWrites(listed, plan(listed, true).actions).map(kubeletCatchesUp);
    assert.deepStrictEqual(lines(plan(next, true)), [
      'update Pod ns/web-0 initContainers/0/image=ex/proxy:2 @kruise.io/sidecarset-hash @kruise.io/sidecarset-inplace-update-state',
      'condition Pod ns/web-0 True AllSidecarsetUpgradable {"log-set":true}',
    ]);
  });

  it('under the gate: a HotUpgrade native sidecar is still left alone', () => {
    const hot = sidecarSet({
      containers: [],
      initContainers: [
        proxy('ex/proxy:2', {
          upgradeStrategy: { upgradeType: 'HotUpgrade', hotUpgradeEmptyImage: 'ex/e:1' },
        }),
      ],
    });
    assert.deepStrictEqual(
      lines(plan([nativePod(0)], true, hot)).filter((l) => l.includes('initContainers')),
      [],
    );
  });
});
