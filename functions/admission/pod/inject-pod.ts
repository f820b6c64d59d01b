/**
 * SidecarSet injection into a pod being created (SPEC §2.6, OpenKruise
 * `sidecarsetMutatingPod`). Pure: the shell supplies SidecarSets, Namespace
 * labels, restored revisions and the clock.
 */
import type { DecodedPod, DecodedSidecarSet } from '../../../shared/api/decoded.js';
import { KruiseFnError } from '../../../shared/errors.js';
import { patchPodMetadata } from '../../../shared/sidecarset/patch-pod-metadata.js';
import { buildSidecars } from './build-sidecars.js';
import { mergeSecrets, mergeSidecarContainers, mergeVolumes } from './merge-pod.js';
import { revisionLookupOf } from '../../../shared/sidecarset/revision.js';
import { indexSidecarSets } from '../../../shared/sidecarset/candidate-index.js';

export interface InjectOptions {
  /** Labels of existing Namespaces by name; a missing Namespace never matches a namespaceSelector. */
  readonly namespaceLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Per SidecarSet name: the SidecarSet restored from its injectionStrategy revision, or the lookup error. */
  readonly revisions?: Readonly<Record<string, DecodedSidecarSet | Error>>;
  readonly now: Date;
}

export interface InjectResult {
  /** The injected pod (sharing unchanged parts with the input); the input itself when nothing changed. */
  readonly pod: DecodedPod;
  /** SidecarSets that injected containers, by name. */
  readonly injected: string[];
}

/** Succeeded, Failed or terminating pods are left alone. */
export const isActive = (pod: DecodedPod): boolean =>
  pod.status?.phase !== 'Succeeded' &&
  pod.status?.phase !== 'Failed' &&
  !pod.metadata?.deletionTimestamp;

function versionToInject(sidecarSet: DecodedSidecarSet, options: InjectOptions): DecodedSidecarSet {
  if (revisionLookupOf(sidecarSet) === undefined) return sidecarSet;
  const name = sidecarSet.metadata?.name ?? '';
  const restored =
    options.revisions && Object.hasOwn(options.revisions, name)
      ? options.revisions[name]
      : undefined;
  if (restored === undefined)
    throw new KruiseFnError(`revision of SidecarSet ${name} was not resolved`);
  if (restored instanceof Error) throw new KruiseFnError(restored.message, { cause: restored });
  return restored;
}

/**
 * Calls `visit` for each unpaused SidecarSet whose selectors may be tested
 * for the pod, in name order (the snapshot's index narrows the scan to
 * candidates), with a test that throws for a bad selector.
 */
export function forEachCandidate(
  pod: DecodedPod,
  sidecarSets: readonly DecodedSidecarSet[],
  namespaceLabels: InjectOptions['namespaceLabels'],
  visit: (sidecarSet: DecodedSidecarSet, matches: () => boolean) => void,
): void {
  const podNamespace = pod.metadata?.namespace || 'default';
  const labels = pod.metadata?.labels;
  for (const matcher of indexSidecarSets(sidecarSets).candidates(podNamespace, labels)) {
    if (matcher.sidecarSet.spec?.injectionStrategy?.paused) continue;
    visit(matcher.sidecarSet, () => matcher.matches(podNamespace, labels, namespaceLabels));
  }
}

/** SidecarSets to inject, sorted by name; throws on a bad selector or a failed revision lookup. */
export function matchingSidecarSets(
  pod: DecodedPod,
  sidecarSets: readonly DecodedSidecarSet[],
  options: InjectOptions,
): DecodedSidecarSet[] {
  const matched: DecodedSidecarSet[] = [];
  // One pass in name order, so the first failing SidecarSet decides the error, as in OpenKruise.
  forEachCandidate(pod, sidecarSets, options.namespaceLabels, (sidecarSet, matches) => {
    if (matches()) matched.push(versionToInject(sidecarSet, options));
  });
  return matched;
}

/**
 * Injects into `pod`, whose namespace must already be filled in. Throws
 * KruiseFnError (500) with OpenKruise's message when the pod must be denied.
 */
export function injectIntoPod(
  pod: DecodedPod,
  sidecarSets: readonly DecodedSidecarSet[],
  options: InjectOptions,
): InjectResult {
  const unchanged: InjectResult = { pod, injected: [] };
  if (!isActive(pod)) return unchanged;
  const matched = matchingSidecarSets(pod, sidecarSets, options);
  if (matched.length === 0) return unchanged;

  // Copy on write: the result shares every part it does not change with `pod`.
  const metadata = { ...pod.metadata };
  const out: DecodedPod = { ...pod, metadata };
  let annotations: Record<string, string> = { ...metadata.annotations };
  let changed = false;
  for (const sidecarSet of matched) {
    const patched = patchPodMetadata(annotations, sidecarSet.spec?.patchPodMetadata ?? []);
    annotations = patched.annotations;
    changed ||= patched.changed;
  }
  if (changed) metadata.annotations = annotations;

  const built = buildSidecars(out, matched, options.now);
  if (built.containers.length === 0 && built.initContainers.length === 0)
    return changed ? { pod: out, injected: [] } : unchanged;

  const spec = { ...(pod.spec ?? { containers: [] }) };
  out.spec = spec;
  const inits = [...built.initContainers].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const initContainers = mergeSidecarContainers(spec.initContainers ?? [], inits);
  if (initContainers.length > 0) spec.initContainers = initContainers;
  spec.containers = mergeSidecarContainers(spec.containers ?? [], built.containers);
  const volumes = mergeVolumes(spec.volumes ?? [], built.volumes);
  if (volumes.length > 0) spec.volumes = volumes;
  const secrets = mergeSecrets(spec.imagePullSecrets ?? [], built.secrets);
  if (secrets.length > 0) spec.imagePullSecrets = secrets;
  metadata.annotations = { ...annotations, ...built.annotations };
  return { pod: out, injected: built.injected };
}

/** Runs `fn` on the pod with `metadata.namespace` filled from the request, then restores the original value. */
export function withRequestNamespace<T extends { pod: DecodedPod }>(
  pod: DecodedPod,
  namespace: string,
  fn: (pod: DecodedPod) => T,
): T {
  if (pod.metadata?.namespace) return fn(pod);
  const filled: DecodedPod = { ...pod, metadata: { ...pod.metadata, namespace } };
  const result = fn(filled);
  if (result.pod === filled) return { ...result, pod };
  const metadata = { ...result.pod.metadata };
  if (
    pod.metadata === undefined ||
    pod.metadata === null ||
    !Object.hasOwn(pod.metadata, 'namespace')
  )
    delete metadata.namespace;
  else metadata.namespace = pod.metadata.namespace;
  return { ...result, pod: { ...result.pod, metadata } };
}

/**
 * Injects every matching SidecarSet into a pod being created; a pod without
 * namespace is matched in the request `namespace` (and keeps no namespace).
 */
export const injectPod = (
  pod: DecodedPod,
  sidecarSets: readonly DecodedSidecarSet[],
  namespace: string,
  options: InjectOptions,
): InjectResult =>
  withRequestNamespace(pod, namespace, (p) => injectIntoPod(p, sidecarSets, options));
