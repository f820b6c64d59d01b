import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CriContainerStatus } from '../cri/runtime-service.js';
import { findByName, GO_ZERO_TIME_MS, kubeContainerStatuses } from './runtime-status.js';

const cri = (
  id: string,
  name: string,
  state: CriContainerStatus['state'],
  createdMs: number,
  restartCount?: string,
): CriContainerStatus => ({
  id,
  state,
  createdAt: `${createdMs}000000`,
  startedAt: `${createdMs + 1}000000`,
  finishedAt: '0',
  exitCode: 0,
  reason: '',
  labels: { 'io.kubernetes.container.name': name },
  annotations:
    restartCount === undefined ? {} : { 'io.kubernetes.container.restartCount': restartCount },
});

describe('kubeContainerStatuses', () => {
  const got = kubeContainerStatuses('containerd', [
    cri('old', 'app', 'CONTAINER_EXITED', 1_000, '0'),
    cri('new', 'app', 'CONTAINER_RUNNING', 2_000, '1'),
    cri('side', 'sidecar', 'CONTAINER_CREATED', 1_500, 'x'),
  ]);
  it('newest created first, named by kubelet label, runtime-typed IDs', () => {
    assert.deepEqual(
      got.map((s) => [s.id, s.name, s.state, s.restartCount]),
      [
        ['containerd://new', 'app', 'running', 1],
        ['containerd://side', 'sidecar', 'created', 0],
        ['containerd://old', 'app', 'exited', 0],
      ],
    );
  });
  it('a created container has not started; others start at their CRI time', () => {
    assert.equal(got[1]?.startedAtMs, GO_ZERO_TIME_MS);
    assert.equal(got[0]?.startedAtMs, 2_001);
  });
  it('finds the newest of a name', () => {
    assert.equal(findByName(got, 'app')?.runtimeId, 'new');
    assert.equal(findByName(got, 'none'), undefined);
  });
});
