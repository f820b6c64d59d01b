/**
 * `/mutate-apps-kruise-io-v1alpha1-sidecarset` (msidecarset.kb.io, CREATE and
 * UPDATE): OpenKruise's `SetDefaultsSidecarSet`
 * (`kruise@v1.7.4:apis/apps/defaults/v1alpha1.go`) then the two hash
 * annotations over the defaulted containers. The answer is the object as
 * Go's json.Marshal writes the defaulted v1alpha1.SidecarSet, and none when
 * defaulting changed nothing Go holds (its reflect.DeepEqual of the structs).
 */
import type { DecodedSidecarContainer, DecodedSidecarSet } from '../../../shared/api/decoded.js';
import { goMarshalAs } from '../../../shared/api/go-encoding.js';
import { allow, type AdmissionInput, type Decision } from '../review/decision.js';
import {
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
} from '../../../shared/sidecarset/annotations.js';
import { sidecarSetHash, sidecarSetHashWithoutImage } from '../../../shared/sidecarset/hash.js';
import {
  defaultContainer,
  defaultObjectFieldSelector,
  defaultVolumes,
} from '../validation/pod-defaults.js';

function defaultSidecarContainer(c: DecodedSidecarContainer, injectPolicy: string): void {
  if (!c.podInjectPolicy) c.podInjectPolicy = injectPolicy;
  c.upgradeStrategy ??= {};
  if (!c.upgradeStrategy.upgradeType) c.upgradeStrategy.upgradeType = 'ColdUpgrade';
  c.shareVolumePolicy ??= {};
  if (!c.shareVolumePolicy.type) c.shareVolumePolicy.type = 'disabled';
  for (const env of c.transferEnv ?? [])
    defaultObjectFieldSelector(env.sourceContainerNameFrom?.fieldRef);
  // SidecarSet defaulting covers liveness and readiness probes, not startup probes.
  defaultContainer(c, false);
}

/** SetDefaultsSidecarSet on a copy of `input`. */
export function setSidecarSetDefaults(input: DecodedSidecarSet): DecodedSidecarSet {
  const obj = structuredClone(input);
  const spec = (obj.spec ??= {});
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.maxUnavailable === undefined || strategy.maxUnavailable === null)
    strategy.maxUnavailable = 1;
  if (strategy.partition === undefined || strategy.partition === null) strategy.partition = 0;
  for (const c of spec.initContainers ?? []) defaultSidecarContainer(c, 'AfterAppContainer');
  for (const c of spec.containers ?? []) defaultSidecarContainer(c, 'BeforeAppContainer');
  defaultVolumes(spec.volumes);
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) {
    spec.revisionHistoryLimit = 10;
  }
  for (const patch of spec.patchPodMetadata ?? [])
    if (!patch.patchPolicy) patch.patchPolicy = 'Retain';
  const revision = spec.injectionStrategy?.revision;
  if (revision !== undefined && revision !== null && !revision.policy) revision.policy = 'Always';
  return obj;
}

/** Defaults plus `kruise.io/sidecarset-hash` and `kruise.io/sidecarset-hash-without-image`. */
export function defaultSidecarSetObject(input: DecodedSidecarSet): DecodedSidecarSet {
  const obj = setSidecarSetDefaults(input);
  const metadata = (obj.metadata ??= {});
  const annotations = (metadata.annotations ??= {});
  const hashed = { containers: obj.spec?.containers, initContainers: obj.spec?.initContainers };
  annotations[SIDECARSET_HASH_ANNOTATION] = sidecarSetHash(hashed);
  annotations[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION] = sidecarSetHashWithoutImage(hashed);
  return obj;
}

export function defaultSidecarSet(input: AdmissionInput<DecodedSidecarSet>): Decision {
  if (input.operation !== 'CREATE' && input.operation !== 'UPDATE') return allow();
  const marshalled = goMarshalAs('v1alpha1.SidecarSet', defaultSidecarSetObject(input.object));
  return marshalled === goMarshalAs('v1alpha1.SidecarSet', input.object)
    ? allow()
    : allow(JSON.parse(marshalled));
}
