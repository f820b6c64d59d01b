/**
 * What the routes need besides the request: the cluster data each decision
 * reads (through the warm caches of cluster/, see admission-data.ts), the
 * gates, the Pod a ContainerRecreateRequest names, a clock and a random
 * suffix. Built from the parts given; nothing here loads a kubeconfig.
 */
import { randomInt } from 'node:crypto';
import type { AdmissionInput } from './review/decision.js';
import type {
  DecodedControllerRevision,
  DecodedPod,
  DecodedSidecarSet,
} from '../../shared/api/decoded.js';
import type { FeatureGates } from '../../shared/feature-gates.js';
import { indexSidecarSets } from '../../shared/sidecarset/candidate-index.js';
import {
  customVersionNotFound,
  latestRevision,
  restoreSidecarSet,
  revisionLookupOf,
  revisionNameNotFound,
  type RevisionLookup,
} from '../../shared/sidecarset/revision.js';
import type { AdmissionData } from './cluster/admission-data.js';
import type { PodReader } from './containerrecreaterequest/reads.js';
import { NAME_SUFFIX_ALPHABET, NAME_SUFFIX_LENGTH } from './pod/launch-priority.js';
import { revisionLookups, type MutatePodInput } from './pod/mutate-pod.js';
import type { ValidateSidecarSetContext } from './sidecarset/validate-sidecarset.js';
import { whitelistConfigMapName, whitelistKey } from './sidecarset/whitelist.js';

export interface RouteDeps {
  readonly gates: FeatureGates;
  readonly now: () => Date;
  readonly randomSuffix: () => string;
  /** MutatePodInput for a pod review, but for `now` and `randomSuffix`. */
  podInput(
    input: AdmissionInput<DecodedPod>,
  ): Promise<Omit<MutatePodInput, 'now' | 'randomSuffix'>>;
  sidecarSetContext(object: DecodedSidecarSet): Promise<ValidateSidecarSetContext>;
  /** The Pod a ContainerRecreateRequest names, read uncached. */
  readonly crrPod: PodReader;
}

export interface RouteDepsOptions {
  readonly data: AdmissionData;
  readonly gates: FeatureGates;
  readonly pods: PodReader;
  /** Default: the wall clock. */
  readonly now?: () => Date;
  /** Default: 5 random characters of NAME_SUFFIX_ALPHABET. */
  readonly randomSuffix?: () => string;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The SidecarSet restored to its pinned revision, or the lookup's error (GetHistorySidecarSet). */
async function restoreRevision(
  data: AdmissionData,
  sidecarSet: DecodedSidecarSet,
  lookup: RevisionLookup,
): Promise<DecodedSidecarSet | Error> {
  try {
    let revision: DecodedControllerRevision | undefined;
    if (lookup.revisionName !== undefined) {
      revision = await data.controllerRevision(lookup.revisionName);
      if (revision === undefined) return new Error(revisionNameNotFound(lookup.revisionName));
    } else {
      const name = lookup.sidecarSetName;
      const list = await data.customVersionRevisions(name, lookup.customVersion ?? '');
      revision = latestRevision(list);
      if (revision === undefined) return new Error(customVersionNotFound(name));
    }
    return restoreSidecarSet(sidecarSet, revision);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

async function namespaceLabelsOf(data: AdmissionData, names: Iterable<string>) {
  const out: Record<string, Record<string, string>> = {};
  for (const name of new Set(names)) {
    const labels = name === '' ? undefined : await data.namespaceLabels(name);
    if (labels !== undefined) out[name] = labels;
  }
  return out;
}

async function podInput(
  data: AdmissionData,
  gates: FeatureGates,
  input: AdmissionInput<DecodedPod>,
) {
  const pod = input.object;
  const sidecarSets = await data.sidecarSets();
  const namespace = pod.metadata?.namespace || input.namespace;
  // Only a candidate's namespaceSelector needs the pod's Namespace.
  const selects = indexSidecarSets(sidecarSets)
    .candidates(namespace || 'default', pod.metadata?.labels)
    .some((m) => m.sidecarSet.spec?.namespaceSelector != null);
  const base = {
    pod,
    namespace: input.namespace,
    operation: input.operation,
    resource: input.resource.resource,
    ...(input.subResource !== undefined && { subResource: input.subResource }),
    sidecarSets,
    namespaceLabels: selects ? await namespaceLabelsOf(data, [namespace]) : {},
    readinessGateForAllPods: gates.enabled('KruisePodReadinessGate'),
  };
  const revisions: Record<string, DecodedSidecarSet | Error> = {};
  for (const lookup of revisionLookups(base)) {
    const set = sidecarSets.find((s) => s.metadata?.name === lookup.sidecarSetName);
    if (set !== undefined) {
      revisions[lookup.sidecarSetName] = await restoreRevision(data, set, lookup);
    }
  }
  return { ...base, revisions };
}

async function sidecarSetContext(
  data: AdmissionData,
  gates: FeatureGates,
  obj: DecodedSidecarSet,
): Promise<ValidateSidecarSetContext> {
  let others: readonly DecodedSidecarSet[] = [];
  let listError: string | undefined;
  try {
    others = await data.sidecarSets();
  } catch (err) {
    listError = messageOf(err);
  }
  const pinned = revisionLookupOf(obj);
  const restored = pinned && (await restoreRevision(data, obj, pinned));
  const hasPatches = (obj.spec?.patchPodMetadata ?? []).length > 0;
  const named = [obj, ...others].map((s) => s.spec?.namespace ?? '');
  return {
    otherSidecarSets: others,
    ...(listError !== undefined && { listError }),
    whitelist: hasPatches
      ? await data.kruiseConfig(whitelistConfigMapName, whitelistKey)
      : undefined,
    gates,
    namespaceLabels: await namespaceLabelsOf(data, named),
    ...(restored !== undefined && {
      revisionLookup: restored instanceof Error ? { error: restored.message } : {},
    }),
  };
}

export const randomNameSuffix = (): string =>
  Array.from({ length: NAME_SUFFIX_LENGTH }, () =>
    NAME_SUFFIX_ALPHABET.charAt(randomInt(NAME_SUFFIX_ALPHABET.length)),
  ).join('');

export function routeDeps(options: RouteDepsOptions): RouteDeps {
  const { data, gates } = options;
  return {
    gates,
    now: options.now ?? (() => new Date()),
    randomSuffix: options.randomSuffix ?? randomNameSuffix,
    podInput: (input) => podInput(data, gates, input),
    sidecarSetContext: (obj) => sidecarSetContext(data, gates, obj),
    crrPod: options.pods,
  };
}

/** /readyz: ready once the SidecarSets were read; each check while not ready retries the read. */
export const notReadyUntilSynced = (data: AdmissionData) => (): string | undefined => {
  if (data.synced) return undefined;
  data.warm();
  return 'SidecarSets have not been read yet';
};
