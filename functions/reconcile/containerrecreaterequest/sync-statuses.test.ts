import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerRecreateRequest } from '../../../shared/api/containerrecreaterequest.js';
import type { ContainerStatus, Pod } from '../../../shared/api/core/core-v1.js';
import { syncContainerStatuses } from './sync-statuses.js';

const crr: ContainerRecreateRequest = {
  metadata: { name: 'c', namespace: 'n', creationTimestamp: '2025-04-10T06:00:00Z' },
  spec: { podName: 'p', containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
};

const status = (name: string, s: Partial<ContainerStatus>): ContainerStatus => ({
  name,
  image: `${name}:1`,
  imageID: '',
  ready: false,
  restartCount: 0,
  ...s,
});
const podWith = (statuses: ContainerStatus[]): Pod => ({
  spec: { containers: [] },
  status: { containerStatuses: statuses },
});

describe('syncContainerStatuses', () => {
  const cases: { name: string; statuses: ContainerStatus[]; want: string }[] = [
    { name: 'is [] when no container is named in the pod status', statuses: [], want: '[]' },
    {
      name: 'lists containers running since the CRR was created, in the CRR order',
      statuses: [
        status('b', {
          ready: false,
          restartCount: 1,
          containerID: 'containerd://b&1',
          state: { running: { startedAt: '2025-04-10T06:00:00Z' } },
        }),
        status('a', {
          ready: true,
          restartCount: 4,
          containerID: 'containerd://a1',
          state: { running: { startedAt: '2025-04-10T06:00:09Z' } },
        }),
      ],
      want:
        '[{"name":"a","ready":true,"restartCount":4,"containerID":"containerd://a1"},' +
        '{"name":"b","ready":false,"restartCount":1,"containerID":"containerd://b\\u00261"}]',
    },
    {
      name: 'leaves out older runs, runs without a start time and stopped containers',
      statuses: [
        status('a', { state: { running: { startedAt: '2025-04-10T05:59:59Z' } } }),
        status('b', { state: { running: {} } }),
        status('c', { state: { terminated: { exitCode: 0 } } }),
      ],
      want: '[]',
    },
    {
      name: 'omits an empty container ID, as omitempty does',
      statuses: [
        status('c', { restartCount: 2, state: { running: { startedAt: '2025-04-10T07:00:00Z' } } }),
      ],
      want: '[{"name":"c","ready":false,"restartCount":2}]',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(syncContainerStatuses(crr, podWith(c.statuses)), c.want));
  }
});
