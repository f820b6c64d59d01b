/**
 * Sidecar consistency (`IsPodStateConsistent`): digest images compare with
 * the running imageID (without normalising the repository), other images go
 * by the imageID recorded before the update; and readiness.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { isConsistent, isPodReady } from './pod-state.js';
import { sidecarControl } from './sidecar-control.js';
import { logAgent, pod, runningStatus, sidecarSet } from './test-fixtures.js';

const DIGEST = 'sha256:a9286defaba7b3a519d585ba0e37d0b2cbee74ebfe590960b0b1d6a5e97d1e1d';
const OTHER = 'sha256:f7988fb6c02e0ce69257d9bd9cf37ae20a60f1df7563c3a2a6abe24160306b8d';
const control = sidecarControl(
  sidecarSet({ containers: [logAgent(), logAgent('ex/log:2', { name: 'dns' })] }),
  { nativeSidecarInPlaceUpdate: false },
);
const STATE = 'kruise.io/sidecarset-inplace-update-state';
const RECORDED =
  '{"log-set":{"revision":"r","updateTimestamp":null,"lastContainerStatuses":{"log-agent":{"imageID":"id-1"}}}}';

/** A pod whose sidecars have `images` in spec and run `ids` (with the spec images unless `statusImages`). */
function running(
  images: Record<string, string>,
  ids: Record<string, string>,
  annotations = {},
  statusImages: Record<string, string> = {},
): Pod {
  const base = pod(0, { annotations });
  const containers = [
    { name: 'app', image: 'ex/app:1' },
    ...Object.entries(images).map(([name, image]) => ({ name, image })),
  ];
  return {
    ...base,
    spec: { ...base.spec, containers },
    status: {
      ...base.status,
      containerStatuses: containers.map((c) => ({
        ...runningStatus(c.name, statusImages[c.name] ?? c.image),
        imageID: ids[c.name] ?? 'x',
      })),
    },
  };
}

describe('sidecar consistency', () => {
  const rows = [
    {
      name: 'digest images running their digest are consistent',
      pod: running(
        { 'log-agent': `busybox@${DIGEST}`, dns: `ex/dns@${DIGEST}` },
        { 'log-agent': `docker-pullable://busybox@${DIGEST}`, dns: `ex/dns@${DIGEST}` },
      ),
      want: true,
    },
    {
      name: 'a digest running another digest is not',
      pod: running(
        { 'log-agent': `busybox@${DIGEST}`, dns: `ex/dns@${DIGEST}` },
        { 'log-agent': `busybox@${OTHER}`, dns: `ex/dns@${DIGEST}` },
      ),
      want: false,
    },
    {
      name: 'quirk: the runtime naming the image docker.io/library/busybox makes it inconsistent',
      pod: running(
        { 'log-agent': `busybox@${DIGEST}`, dns: `ex/dns@${DIGEST}` },
        { 'log-agent': `docker.io/library/busybox@${DIGEST}`, dns: `ex/dns@${DIGEST}` },
      ),
      want: false,
    },
    {
      name: 'quirk: after the first tag image, digests are no longer compared',
      pod: running(
        { 'log-agent': 'ex/log:2', dns: `ex/dns@${DIGEST}` },
        { 'log-agent': 'a', dns: `ex/dns@${OTHER}` },
      ),
      want: true,
    },
    {
      name: 'a tag image still on the imageID recorded before its update is not consistent',
      pod: running(
        { 'log-agent': 'ex/log:2', dns: 'ex/log:2' },
        { 'log-agent': 'id-1' },
        { [STATE]: RECORDED },
        { 'log-agent': 'ex/log:1' },
      ),
      want: false,
    },
    {
      name: 'the same is consistent once the runtime reports another imageID',
      pod: running(
        { 'log-agent': 'ex/log:2', dns: 'ex/log:2' },
        { 'log-agent': 'id-2' },
        { [STATE]: RECORDED },
        { 'log-agent': 'ex/log:1' },
      ),
      want: true,
    },
    {
      name: 'an unreadable update state is not consistent',
      pod: running({ 'log-agent': 'ex/log:2', dns: 'ex/log:2' }, {}, { [STATE]: '{' }),
      want: false,
    },
    {
      name: 'fewer statuses than containers is not consistent',
      pod: { ...pod(0), status: { ...pod(0).status, containerStatuses: [] } },
      want: false,
    },
  ];
  for (const row of rows)
    it(row.name, () => assert.equal(isConsistent(control, row.pod), row.want));

  it('is not ready while terminating, pending or not Ready', () => {
    const terminating = {
      ...pod(0),
      metadata: { ...pod(0).metadata, deletionTimestamp: '2024-09-05T08:00:00Z' },
    };
    assert.deepStrictEqual(
      [pod(0), pod(1, { ready: false }), pod(2, { phase: 'Pending' }), terminating].map((p) =>
        isPodReady(control, p),
      ),
      [true, false, false, false],
    );
  });
});
