/**
 * Pull-secret copies in the daemon config namespace, as OpenKruise keeps
 * them (kruise@v1.7.4:pkg/controller/imagepulljob/imagepulljob_controller.go
 * 286-305 syncSecrets, 411-518; imagepulljob_utils.go 155-239): one copy per
 * source Secret, `generateName: <source>-`, the source's data, labels and
 * annotations plus label `imagepulljobs.kruise.io/source-uid`, annotations
 * `imagepulljobs.kruise.io/source-key: <ns>/<name>` and
 * `imagepulljobs.kruise.io/references: <ns>/<job>,…`, deleted once it
 * names no job. A job's copies are the ones whose references name it (its
 * target map), so in 1.7.4 a second job naming the same source makes a copy
 * of its own: the references annotation could be shared, but nothing joins
 * a job to another's copy.
 *
 * Differences, both deliberate: the references are written sorted (Go
 * writes its map in random order), and releasing goes on past a copy that
 * other jobs still refer to (OpenKruise's releaseTargetSecrets returns at
 * the first such copy, so a job's other copies kept its reference forever).
 */
import type { Secret } from '../../../shared/api/core/core-v1.js';
import type { ImagePullJob } from '../../../shared/api/imagepulljob.js';
import { secrets } from '../../../shared/kube/core-resources.js';
import type { WriteAction } from '../actions.js';

export const SOURCE_SECRET_KEY_ANNO = 'imagepulljobs.kruise.io/source-key';
export const SOURCE_SECRET_UID_LABEL = 'imagepulljobs.kruise.io/source-uid';
export const TARGET_REFERENCES_ANNO = 'imagepulljobs.kruise.io/references';
export const DEFAULT_DAEMON_CONFIG_NAMESPACE = 'kruise-daemon-config';

export interface SecretRef {
  readonly namespace: string;
  readonly name: string;
}

/** client-go's SplitMetaNamespaceKey: `name` or `ns/name`; undefined for more slashes. */
function splitKey(key: string): SecretRef | undefined {
  const parts = key.split('/');
  if (parts.length === 1) return { namespace: '', name: parts[0] ?? '' };
  if (parts.length === 2) return { namespace: parts[0] ?? '', name: parts[1] ?? '' };
  return undefined;
}

/** The job keys a copy names (referenceSetFromTarget), as `ns/name` (NamespacedName.String). */
export function referenceSet(target: Secret): Set<string> {
  const keys = new Set<string>();
  for (const ref of (target.metadata?.annotations?.[TARGET_REFERENCES_ANNO] ?? '').split(',')) {
    const key = splitKey(ref);
    if (key !== undefined) keys.add(`${key.namespace}/${key.name}`);
  }
  return keys;
}

const referenceString = (keys: ReadonlySet<string>): string => [...keys].sort().join(',');

const jobKey = (job: ImagePullJob): string =>
  `${job.metadata?.namespace ?? ''}/${job.metadata?.name ?? ''}`;

/** The job's pull secrets as references in its namespace (getSecrets). */
export const jobSecretRefs = (job: ImagePullJob): SecretRef[] =>
  (job.spec.pullSecrets ?? []).map((name) => ({ namespace: job.metadata?.namespace ?? '', name }));

export interface TargetMaps {
  /** Copies of the job's current sources, by source UID. */
  readonly keep: ReadonlyMap<string, Secret>;
  /** Copies the job refers to whose source it no longer names. */
  readonly release: ReadonlyMap<string, Secret>;
}

/** getTargetSecretMap over the daemon namespace's Secrets. */
export function targetMaps(job: ImagePullJob, daemonSecrets: readonly Secret[]): TargetMaps {
  const keep = new Map<string, Secret>();
  const release = new Map<string, Secret>();
  const sources = jobSecretRefs(job);
  for (const target of daemonSecrets) {
    if (target.metadata?.deletionTimestamp !== undefined) continue;
    if (!referenceSet(target).has(jobKey(job))) continue;
    const source = splitKey(target.metadata?.annotations?.[SOURCE_SECRET_KEY_ANNO] ?? '') ?? {
      namespace: '',
      name: '',
    };
    const uid = target.metadata?.labels?.[SOURCE_SECRET_UID_LABEL] ?? '';
    const named = sources.some((s) => s.namespace === source.namespace && s.name === source.name);
    (named ? keep : release).set(uid, target);
  }
  return { keep, release };
}

/** releaseTargetSecrets: drop the job's reference; delete a copy no job refers to any more. */
export function releaseActions(job: ImagePullJob, targets: Iterable<Secret>): WriteAction[] {
  const actions: WriteAction[] = [];
  for (const target of targets) {
    const keys = referenceSet(target);
    const key = { namespace: target.metadata?.namespace ?? '', name: target.metadata?.name ?? '' };
    if (!keys.delete(jobKey(job))) continue;
    if (keys.size === 0) {
      // The precondition stands for OpenKruise's Update before its Delete: a copy another
      // job came to refer to meanwhile is not deleted (409, observe again).
      const resourceVersion = target.metadata?.resourceVersion ?? '';
      actions.push({
        verb: 'delete',
        resource: secrets,
        key,
        options: { preconditions: { resourceVersion } },
      });
    } else {
      actions.push({ verb: 'update', resource: secrets, object: withReferences(target, keys) });
    }
  }
  return actions;
}

function withReferences(target: Secret, keys: ReadonlySet<string>): Secret {
  return {
    ...target,
    metadata: {
      ...target.metadata,
      annotations: {
        ...target.metadata?.annotations,
        [TARGET_REFERENCES_ANNO]: referenceString(keys),
      },
    },
  };
}

/** targetFromSource: the copy of `source` for `job`, named by the API from `<source>-`. */
export function copyOf(source: Secret, job: ImagePullJob, daemonNamespace: string): Secret {
  const m = source.metadata;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      namespace: daemonNamespace,
      generateName: `${m?.name ?? ''}-`,
      labels: { ...m?.labels, [SOURCE_SECRET_UID_LABEL]: m?.uid ?? '' },
      annotations: {
        ...m?.annotations,
        [SOURCE_SECRET_KEY_ANNO]: `${m?.namespace ?? ''}/${m?.name ?? ''}`,
        [TARGET_REFERENCES_ANNO]: jobKey(job),
      },
    },
    ...(source.type !== undefined && { type: source.type }),
    ...(source.data !== undefined && { data: source.data }),
    ...(source.stringData !== undefined && { stringData: source.stringData }),
    ...(source.immutable !== undefined && { immutable: source.immutable }),
  };
}

const sameData = (a: Secret, b: Secret): boolean =>
  JSON.stringify(sortedEntries(a.data)) === JSON.stringify(sortedEntries(b.data)) &&
  JSON.stringify(sortedEntries(a.stringData)) === JSON.stringify(sortedEntries(b.stringData));

const sortedEntries = (m: Readonly<Record<string, string>> | undefined) =>
  m === undefined ? null : Object.entries(m).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));

export interface SecretSync {
  readonly actions: WriteAction[];
  /** The copies the NodeImages must name, once every copy exists (undefined while one is being created). */
  readonly refs: SecretRef[] | undefined;
}

/**
 * syncTargetSecrets: a copy for each source that exists (a missing source is
 * skipped), created, or updated when its data differs or it does not refer
 * to the job. A created copy's name is the API's to pick, so a round that
 * creates one stops there and the job is looked at again.
 */
export function syncCopies(
  job: ImagePullJob,
  sourcesByName: ReadonlyMap<string, Secret | undefined>,
  keep: ReadonlyMap<string, Secret>,
  daemonNamespace: string,
): SecretSync {
  const actions: WriteAction[] = [];
  const refs: SecretRef[] = [];
  let creating = false;
  for (const ref of jobSecretRefs(job)) {
    const source = sourcesByName.get(ref.name);
    if (source === undefined) continue;
    const target = keep.get(source.metadata?.uid ?? '');
    if (target === undefined || (target.metadata?.uid ?? '') === '') {
      actions.push({
        verb: 'create',
        resource: secrets,
        object: copyOf(source, job, daemonNamespace),
      });
      creating = true;
      continue;
    }
    const keys = referenceSet(target);
    if (!keys.has(jobKey(job)) || !sameData(source, target)) {
      keys.add(jobKey(job));
      const { data, stringData, ...rest } = withReferences(target, keys);
      void data;
      void stringData;
      actions.push({
        verb: 'update',
        resource: secrets,
        object: {
          ...rest,
          ...(source.data !== undefined && { data: source.data }),
          ...(source.stringData !== undefined && { stringData: source.stringData }),
        },
      });
    }
    refs.push({ namespace: target.metadata?.namespace ?? '', name: target.metadata?.name ?? '' });
  }
  return { actions, refs: creating ? undefined : refs };
}
