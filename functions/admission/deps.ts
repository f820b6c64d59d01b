/**
 * The admission function's I/O: the cluster data each decision needs, read
 * through the warm caches of shared/kube (SidecarSets, Namespaces and the
 * kruise ConfigMap within 500 ms; ControllerRevisions on demand), plus the
 * process wiring (logger, feature gates, default kubeconfig, wall clock).
 */
import { randomInt } from 'node:crypto';
import { KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { AdmissionInput } from '../../shared/admission/decision.js';
import type { JsonObject } from '../../shared/json.js';
import { featureGatesFrom, type FeatureGates } from '../../shared/feature-gates.js';
import { kubeAdmissionReads } from '../../shared/kube/admission-reads.js';
import { kubeClient } from '../../shared/kube/client.js';
import { rateLimitFromEnv, tokenBucket } from '../../shared/kube/rate-limit.js';
import { cachedAdmissionData, type AdmissionData } from '../../shared/kube/admission-data.js';
import { createLogger, type Logger } from '../../shared/log/index.js';
import { admissionRoutes, type AdmissionDeps } from './app.js';
import { NAME_SUFFIX_ALPHABET, NAME_SUFFIX_LENGTH } from './pod/launch-priority.js';
import { revisionLookups, type MutatePodInput } from './pod/mutate-pod.js';
import { indexSidecarSets } from './pod/sidecarset-index.js';
import {
  customVersionNotFound,
  latestRevision,
  restoreSidecarSet,
  revisionLookupOf,
  revisionNameNotFound,
  type RevisionLookup,
} from './pod/revision.js';
import type { ControllerRevision, SidecarSet } from './pod/types.js';
import type { SidecarSet as ValidatedSidecarSet } from './sidecarset/types.js';
import type { ValidateSidecarSetContext } from './sidecarset/validate-sidecarset.js';
import { whitelistConfigMapName, whitelistKey } from './sidecarset/whitelist.js';
import { kubePodReader } from './containerrecreaterequest/reads.js';

/** What the routes need besides the request. */
export interface RouteDeps {
  readonly gates: FeatureGates;
  readonly now: () => Date;
  readonly randomSuffix: () => string;
  /** MutatePodInput for a pod review, but for `now` and `randomSuffix`. */
  podInput(
    input: AdmissionInput<JsonObject>,
  ): Promise<Omit<MutatePodInput, 'now' | 'randomSuffix'>>;
  sidecarSetContext(object: ValidatedSidecarSet): Promise<ValidateSidecarSetContext>;
}

// The API server returns objects its CRD schemas (or core validation) admitted;
// decisions read them through their structural types.
const asSidecarSets = (items: readonly JsonObject[]) => items as unknown as readonly SidecarSet[];
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The SidecarSet restored to its pinned revision, or the lookup's error (GetHistorySidecarSet). */
async function restoreRevision(
  data: AdmissionData,
  sidecarSet: SidecarSet,
  lookup: RevisionLookup,
): Promise<SidecarSet | Error> {
  try {
    let revision: ControllerRevision | undefined;
    if (lookup.revisionName !== undefined) {
      revision = await data.controllerRevision(lookup.revisionName);
      if (revision === undefined) return new Error(revisionNameNotFound(lookup.revisionName));
    } else {
      const name = lookup.sidecarSetName;
      const list = await data.customVersionRevisions(name, lookup.customVersion ?? '');
      revision = latestRevision(list as ControllerRevision[]);
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

async function podInput(data: AdmissionData, input: AdmissionInput<JsonObject>) {
  const pod = input.object as V1Pod;
  const sidecarSets = asSidecarSets(await data.sidecarSets());
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
  };
  const revisions: Record<string, SidecarSet | Error> = {};
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
  obj: ValidatedSidecarSet,
): Promise<ValidateSidecarSetContext> {
  let others: readonly ValidatedSidecarSet[] = [];
  let listError: string | undefined;
  try {
    others = (await data.sidecarSets()) as unknown as readonly ValidatedSidecarSet[];
  } catch (err) {
    listError = messageOf(err);
  }
  const pinned = revisionLookupOf(obj as SidecarSet);
  const restored = pinned && (await restoreRevision(data, obj as SidecarSet, pinned));
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

/** RouteDeps over cluster data; `now` and `randomSuffix` injectable for tests. */
export function routeDeps(
  data: AdmissionData,
  gates: FeatureGates,
  now: () => Date = () => new Date(),
  randomSuffix: () => string = randomNameSuffix,
): RouteDeps {
  return {
    gates,
    now,
    randomSuffix,
    podInput: (input) => podInput(data, input),
    sidecarSetContext: (obj) => sidecarSetContext(data, gates, obj),
  };
}

/** /readyz: ready once the SidecarSets were read; each check while not ready retries the read. */
export const notReadyUntilSynced = (data: AdmissionData) => (): string | undefined => {
  if (data.synced) return undefined;
  data.warm();
  return 'SidecarSets have not been read yet';
};

export interface ProcessDeps extends AdmissionDeps {
  readonly data: AdmissionData;
}

/**
 * How often a warm process checks whether the next SidecarSet list is due
 * (see shared/kube/fresh-value.ts: early enough that a finished read within
 * the 500 ms bound is always there); the check itself costs nothing.
 */
export const REFRESH_EVERY_MS = 100;

/**
 * The refresh timer, except on Lambda (`AWS_LAMBDA_FUNCTION_NAME` is set
 * there), where the process is frozen between invocations and requests start
 * the reads.
 */
export const refreshEveryMs = (env: Readonly<Record<string, string | undefined>>) =>
  env['AWS_LAMBDA_FUNCTION_NAME'] ? undefined : REFRESH_EVERY_MS;

/** The function's dependencies from this process: env, argv, default kubeconfig, clock. */
export function processDeps(
  env: Readonly<Record<string, string | undefined>> = process.env,
  argv: readonly string[] = process.argv,
  log: Logger = createLogger({ env }),
): ProcessDeps {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const client = kubeClient(kc, { rateLimiter: tokenBucket(rateLimitFromEnv(env)) });
  const every = refreshEveryMs(env);
  const data = cachedAdmissionData(kubeAdmissionReads(client), {
    kruiseNamespace: env['POD_NAMESPACE'] || 'kruise-system',
    ...(every !== undefined && { refreshEveryMs: every }),
  });
  const routes = admissionRoutes(routeDeps(data, featureGatesFrom(argv, env)), {
    crrPods: kubePodReader(client),
  });
  return { log, data, routes, notReady: notReadyUntilSynced(data) };
}
