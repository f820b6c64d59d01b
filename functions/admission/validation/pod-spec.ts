/**
 * What OpenKruise v1.7.4's SidecarSet webhook asks of Kubernetes v1.28 pod
 * validation (`corevalidation.ValidatePodCreate` of a fake pod named "test"
 * in "default", `dnsPolicy: ClusterFirst`, `restartPolicy: Always`,
 * `serviceAccountName: default`, holding the SidecarSet's init containers,
 * containers and volumes): the pod-level fields are fixed and valid, so the
 * errors come from ValidatePodSpec's volumes, containers and init containers
 * (core-volumes.ts, core-containers.ts), validateWindowsHostProcessPod and
 * validateContainersOnlyForPod, in that order (validation.go:3943, 3808).
 */
import type { DecodedContainer, DecodedVolume } from '../../../shared/api/decoded.js';
import {
  validateContainers,
  validateContainersOnlyForPod,
  validateInitContainers,
  validateWindowsHostProcess,
} from './core-containers.js';
import { validateVolumes } from './core-volumes.js';
import { child, type ErrorList } from '../../../shared/validation/field-error.js';

export interface PodSpecSubset {
  readonly containers?: readonly DecodedContainer[];
  readonly initContainers?: readonly DecodedContainer[];
  readonly volumes?: readonly DecodedVolume[] | null;
}

/** ValidatePodCreate's errors for a fake pod of these containers and volumes, at `path` (`spec`). */
export function validatePodSpecContainers(spec: PodSpecSubset, path: string): ErrorList {
  const { volumes, errs } = validateVolumes(spec.volumes, child(path, 'volumes'));
  const containers = spec.containers ?? [];
  const initContainers = spec.initContainers ?? [];
  errs.push(
    ...validateContainers(containers, volumes, child(path, 'containers')),
    ...validateInitContainers(initContainers, containers, volumes, child(path, 'initContainers')),
    ...validateWindowsHostProcess(initContainers, containers, path),
    ...validateContainersOnlyForPod(containers, child(path, 'containers')),
    ...validateContainersOnlyForPod(initContainers, child(path, 'initContainers')),
  );
  return errs;
}
