/**
 * Kubernetes v1.28 core/v1 defaulting (`pkg/apis/core/v1/defaults.go`) as
 * OpenKruise's `apis/apps/defaults` applies it to SidecarSet containers and
 * Advanced StatefulSet pod templates. Functions mutate the object they are
 * given; callers pass a copy. `SetDefaults_ResourceList` (rounding quantities
 * to milli precision) is not applied: quantities are kept as written.
 */
import type {
  DecodedContainer,
  DecodedHTTPGetAction,
  DecodedPodSpec,
  DecodedProbe,
  DecodedVolume,
} from '../../../shared/api/decoded.js';
import { imageTagForDefaults } from '../../../shared/image/docker-reference.js';

export function defaultObjectFieldSelector(
  fs: { apiVersion?: string | null } | undefined | null,
): void {
  if (fs && !fs.apiVersion) fs.apiVersion = 'v1';
}

export function defaultHTTPGetAction(a: DecodedHTTPGetAction | null | undefined): void {
  if (!a) return;
  if (!a.path) a.path = '/';
  if (!a.scheme) a.scheme = 'HTTP';
}

export function defaultProbe(p: DecodedProbe | null | undefined): void {
  if (!p) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGetAction(p.httpGet);
}

/** SetDefaults_Container */
export function defaultContainerCore(c: DecodedContainer): void {
  if (!c.imagePullPolicy) {
    c.imagePullPolicy = imageTagForDefaults(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  }
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
}

/**
 * Container defaults as OpenKruise's generated-style loops apply them: core
 * defaults, port protocol TCP, env fieldRef apiVersion, probes (startup only
 * when `withStartupProbe`, as SidecarSet defaulting skips it) and lifecycle
 * httpGet handlers.
 */
export function defaultContainer(c: DecodedContainer, withStartupProbe: boolean): void {
  defaultContainerCore(c);
  for (const p of c.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  for (const e of c.env ?? []) defaultObjectFieldSelector(e.valueFrom?.fieldRef);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  if (withStartupProbe) defaultProbe(c.startupProbe);
  defaultHTTPGetAction(c.lifecycle?.postStart?.httpGet);
  defaultHTTPGetAction(c.lifecycle?.preStop?.httpGet);
}

const volumeSourceKeys = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
] as const satisfies ReadonlyArray<keyof DecodedVolume>;

const absent = (v: unknown): boolean => v === undefined || v === null;

/** OpenKruise SetDefaultPodVolumes (SetDefaults_Volume and the per-source defaults). */
export function defaultVolumes(volumes: DecodedVolume[] | null | undefined): void {
  for (const v of volumes ?? []) {
    if (volumeSourceKeys.every((k) => absent(v[k]))) v.emptyDir = {};
    if (v.hostPath && absent(v.hostPath.type)) v.hostPath.type = '';
    if (v.secret && absent(v.secret.defaultMode)) v.secret.defaultMode = 420;
    if (v.iscsi && !v.iscsi.iscsiInterface) v.iscsi.iscsiInterface = 'default';
    if (v.rbd) {
      if (!v.rbd.pool) v.rbd.pool = 'rbd';
      if (!v.rbd.user) v.rbd.user = 'admin';
      if (!v.rbd.keyring) v.rbd.keyring = '/etc/ceph/keyring';
    }
    if (v.downwardAPI) {
      if (absent(v.downwardAPI.defaultMode)) v.downwardAPI.defaultMode = 420;
      for (const item of v.downwardAPI.items ?? []) defaultObjectFieldSelector(item.fieldRef);
    }
    if (v.configMap && absent(v.configMap.defaultMode)) v.configMap.defaultMode = 420;
    if (v.azureDisk) {
      if (absent(v.azureDisk.cachingMode)) v.azureDisk.cachingMode = 'ReadWrite';
      if (absent(v.azureDisk.kind)) v.azureDisk.kind = 'Shared';
      if (absent(v.azureDisk.fsType)) v.azureDisk.fsType = 'ext4';
      if (absent(v.azureDisk.readOnly)) v.azureDisk.readOnly = false;
    }
    if (v.projected) {
      if (absent(v.projected.defaultMode)) v.projected.defaultMode = 420;
      for (const src of v.projected.sources ?? []) {
        for (const item of src.downwardAPI?.items ?? []) defaultObjectFieldSelector(item.fieldRef);
        if (src.serviceAccountToken && absent(src.serviceAccountToken.expirationSeconds)) {
          src.serviceAccountToken.expirationSeconds = 3600;
        }
      }
    }
    if (v.scaleIO) {
      if (!v.scaleIO.storageMode) v.scaleIO.storageMode = 'ThinProvisioned';
      if (!v.scaleIO.fsType) v.scaleIO.fsType = 'xfs';
    }
  }
}

/** OpenKruise SetDefaultPodSpec (SetDefaults_PodSpec, volumes, containers; containers pull Always by default). */
export function defaultPodSpec(spec: DecodedPodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (absent(spec.securityContext)) spec.securityContext = {};
  if (absent(spec.terminationGracePeriodSeconds)) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  defaultVolumes(spec.volumes);
  for (const c of spec.initContainers ?? []) defaultContainer(c, true);
  for (const c of spec.containers ?? []) {
    // OpenKruise: "For in-place update, we set default imagePullPolicy to Always"
    if (!c.imagePullPolicy) c.imagePullPolicy = 'Always';
    defaultContainer(c, true);
  }
  for (const c of spec.ephemeralContainers ?? []) {
    for (const p of c.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
    for (const e of c.env ?? []) defaultObjectFieldSelector(e.valueFrom?.fieldRef);
    defaultProbe(c.livenessProbe);
    defaultProbe(c.readinessProbe);
    defaultProbe(c.startupProbe);
    defaultHTTPGetAction(c.lifecycle?.postStart?.httpGet);
    defaultHTTPGetAction(c.lifecycle?.preStop?.httpGet);
  }
}
