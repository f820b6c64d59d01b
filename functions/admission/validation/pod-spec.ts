/**
 * The part of Kubernetes v1.28 pod validation (`pkg/apis/core/validation`,
 * `ValidatePodSpec`) that admission of SidecarSets needs: volumes (name,
 * uniqueness, exactly one source), containers and init containers (name,
 * image, pull and termination-message policies, ports, env names, volume
 * mounts, restartPolicy placement, name uniqueness). Source-specific volume
 * checks, probe bodies, resources and security contexts are not re-checked.
 */
import type { DecodedContainer, DecodedVolume } from '../../../shared/api/decoded.js';
import {
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  notFound,
  notSupported,
  required,
  type ErrorList,
} from './field-error.js';
import { isDNS1123Label, isEnvVarName, isValidPortName, isValidPortNum } from './names.js';

/** VolumeSource keys in the order ValidateVolumeSource tests them, with the path it reports. */
const volumeSources: ReadonlyArray<readonly [keyof DecodedVolume, string]> = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'], // sic: Kubernetes' own path typo
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
];

const present = (v: unknown): boolean => v !== undefined && v !== null;

function validateVolumeSource(vol: DecodedVolume, path: string): ErrorList {
  const errs: ErrorList = [];
  let count = 0;
  for (const [k, name] of volumeSources) {
    if (!present(vol[k])) continue;
    if (count > 0)
      errs.push(forbidden(child(path, name), 'may not specify more than 1 volume type'));
    count++;
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** ValidateVolumes: the errors and the set of valid volume names. */
export function validateVolumes(
  volumes: readonly DecodedVolume[] | null | undefined,
  path: string,
): { names: Set<string>; errs: ErrorList } {
  const names = new Set<string>();
  const errs: ErrorList = [];
  (volumes ?? []).forEach((vol, i) => {
    const idx = index(path, i);
    const namePath = child(idx, 'name');
    const el = validateVolumeSource(vol, idx);
    const name = vol.name ?? '';
    if (name.length === 0) el.push(required(namePath, ''));
    else el.push(...isDNS1123Label(name).map((m) => invalid(namePath, name, m)));
    if (names.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { names, errs };
}

const supportedProtocols = ['SCTP', 'TCP', 'UDP'];

function validateContainerCommon(
  ctr: DecodedContainer,
  volumes: Set<string>,
  path: string,
): ErrorList {
  const errs: ErrorList = [];
  const namePath = child(path, 'name');
  const name = ctr.name ?? '';
  if (name.length === 0) errs.push(required(namePath, ''));
  else errs.push(...isDNS1123Label(name).map((m) => invalid(namePath, name, m)));
  if (!ctr.image) errs.push(required(child(path, 'image'), ''));
  const tmp = ctr.terminationMessagePolicy ?? '';
  if (tmp === '') errs.push(required(child(path, 'terminationMessagePolicy'), ''));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(
      notSupported(child(path, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']),
    );
  }
  const portNames = new Set<string>();
  (ctr.ports ?? []).forEach((port, i) => {
    const idx = index(child(path, 'ports'), i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0)
        errs.push(...msgs.map((m) => invalid(child(idx, 'name'), port.name ?? '', m)));
      else if (portNames.has(port.name)) errs.push(duplicate(child(idx, 'name'), port.name));
      else portNames.add(port.name);
    }
    if (!port.containerPort) errs.push(required(child(idx, 'containerPort'), ''));
    else
      errs.push(
        ...isValidPortNum(port.containerPort).map((m) =>
          invalid(child(idx, 'containerPort'), port.containerPort, m),
        ),
      );
    if (port.hostPort) {
      errs.push(
        ...isValidPortNum(port.hostPort).map((m) =>
          invalid(child(idx, 'hostPort'), port.hostPort ?? 0, m),
        ),
      );
    }
    if (!port.protocol) errs.push(required(child(idx, 'protocol'), ''));
    else if (!supportedProtocols.includes(port.protocol)) {
      errs.push(notSupported(child(idx, 'protocol'), port.protocol, supportedProtocols));
    }
  });
  (ctr.env ?? []).forEach((ev, i) => {
    const namePathEnv = child(index(child(path, 'env'), i), 'name');
    if (!ev.name) errs.push(required(namePathEnv, ''));
    else errs.push(...isEnvVarName(ev.name).map((m) => invalid(namePathEnv, ev.name, m)));
  });
  const mountPoints = new Set<string>();
  (ctr.volumeMounts ?? []).forEach((mnt, i) => {
    const idx = index(child(path, 'volumeMounts'), i);
    const mName = mnt.name ?? '';
    if (mName.length === 0) errs.push(required(child(idx, 'name'), ''));
    if (!volumes.has(mName)) errs.push(notFound(child(idx, 'name'), mName));
    const mountPath = mnt.mountPath ?? '';
    if (mountPath.length === 0) errs.push(required(child(idx, 'mountPath'), ''));
    if (mountPoints.has(mountPath))
      errs.push(invalid(child(idx, 'mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
  });
  const pull = ctr.imagePullPolicy ?? '';
  if (pull === '') errs.push(required(child(path, 'imagePullPolicy'), ''));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pull)) {
    errs.push(
      notSupported(child(path, 'imagePullPolicy'), pull, ['Always', 'IfNotPresent', 'Never']),
    );
  }
  return errs;
}

export interface PodSpecSubset {
  readonly containers?: readonly DecodedContainer[];
  readonly initContainers?: readonly DecodedContainer[];
  readonly volumes?: readonly DecodedVolume[];
}

/** ValidatePodSpec's volume and container checks, at `path` (e.g. `spec`). */
export function validatePodSpecContainers(spec: PodSpecSubset, path: string): ErrorList {
  const { names: volumes, errs } = validateVolumes(spec.volumes, child(path, 'volumes'));
  const containers = spec.containers ?? [];
  const cPath = child(path, 'containers');
  if (containers.length === 0) errs.push(required(cPath, ''));
  const seen = new Set<string>();
  containers.forEach((ctr, i) => {
    const idx = index(cPath, i);
    errs.push(...validateContainerCommon(ctr, volumes, idx));
    if (seen.has(ctr.name ?? '')) errs.push(duplicate(child(idx, 'name'), ctr.name ?? ''));
    else seen.add(ctr.name ?? '');
    if (present(ctr.restartPolicy)) {
      errs.push(forbidden(child(idx, 'restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  const all = new Set(containers.map((c) => c.name ?? ''));
  (spec.initContainers ?? []).forEach((ctr, i) => {
    const idx = index(child(path, 'initContainers'), i);
    errs.push(...validateContainerCommon(ctr, volumes, idx));
    const restartPolicy = ctr.restartPolicy;
    if (present(restartPolicy) && restartPolicy !== 'Always') {
      errs.push(notSupported(child(idx, 'restartPolicy'), restartPolicy ?? '', ['Always']));
    }
    const name = ctr.name ?? '';
    if (all.has(name)) errs.push(duplicate(child(idx, 'name'), name));
    else if (name.length > 0) all.add(name);
    if (restartPolicy !== 'Always') {
      const notForInit = 'may not be set for init containers without restartPolicy=Always';
      if (present(ctr.lifecycle)) errs.push(forbidden(child(idx, 'lifecycle'), notForInit));
      if (present(ctr.livenessProbe)) errs.push(forbidden(child(idx, 'livenessProbe'), notForInit));
      if (present(ctr.readinessProbe))
        errs.push(forbidden(child(idx, 'readinessProbe'), notForInit));
      if (present(ctr.startupProbe)) errs.push(forbidden(child(idx, 'startupProbe'), notForInit));
    }
  });
  return errs;
}
