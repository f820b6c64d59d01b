/**
 * The `crr.apps.kruise.io/sync-container-statuses` annotation the manager
 * keeps on a Recreating CRR (kruise@v1.7.4:pkg/controller/
 * containerrecreaterequest/crr_controller.go syncContainerStatuses): for each
 * container the CRR names, the pod's status of it, once that container runs
 * again since the CRR was created. The daemon reads it to tell a recreated
 * container from the old one, so it is compared as a string: Go's JSON of
 * ContainerRecreateRequestSyncContainerStatus, byte for byte.
 */
import type { ContainerRecreateRequest } from '../../../shared/api/containerrecreaterequest.js';
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { goJsonString } from '../../../shared/go/json.js';
import { metaTimeMs } from '../../../shared/kube/meta-time.js';

export const SYNC_CONTAINER_STATUSES_KEY = 'crr.apps.kruise.io/sync-container-statuses';

/** The annotation's value for `crr` and its pod; `[]` when no container qualifies. */
export function syncContainerStatuses(crr: ContainerRecreateRequest, pod: Pod): string {
  const created = metaTimeMs(crr.metadata?.creationTimestamp);
  const items = crr.spec.containers.flatMap((c) => {
    const status = pod.status?.containerStatuses?.find((s) => s.name === c.name);
    const running = status?.state?.running;
    // Not running, or a run older than the CRR (metav1.Time.Before: equal seconds count as new).
    if (status === undefined || running == null || metaTimeMs(running.startedAt) < created) {
      return [];
    }
    const id = status.containerID ?? '';
    return [
      `{"name":${goJsonString(status.name)},"ready":${status.ready},"restartCount":${status.restartCount}` +
        `${id === '' ? '' : `,"containerID":${goJsonString(id)}`}}`,
    ];
  });
  return `[${items.join(',')}]`;
}
