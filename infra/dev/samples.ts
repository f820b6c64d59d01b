/**
 * The samples `make run` applies (infra/dev/samples/, the seed's release-note
 * samples plus one pod of ours), and the pure checks and descriptions of
 * what they became: the pod's injected native sidecar, the Advanced
 * StatefulSet's pods by ordinal, the ImagePullJob's completion.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { Container, Pod } from '../../shared/api/core/core-v1.js';
import type { ImagePullJob, NodeImage, StatefulSet } from '../../shared/api/index.js';
import { configMaps, pods } from '../../shared/kube/core-resources.js';
import { imagePullJobs, sidecarSets, statefulSets } from '../../shared/kube/kruise-resources.js';
import type { KubeObject, Resource } from '../../shared/kube/resource.js';
import { SIDECARSET_LIST_ANNOTATION } from '../../shared/sidecarset/annotations.js';

export const SAMPLES_DIR = fileURLToPath(new URL('samples/', import.meta.url));
export const SAMPLE_NAMESPACE = 'default';

/** The sample files in the order they are applied. */
export const SAMPLE_FILES = {
  credentialProviderConfig: 'credential-provider-config.yaml',
  sidecarSet: 'sidecarset-native.yaml',
  pod: 'sidecar-pod.yaml',
  statefulSet: 'asts-start-ordinal.yaml',
  imagePullJob: 'imagepulljob.yaml',
} as const;

const RESOURCES: readonly Resource<KubeObject>[] = [
  configMaps,
  pods,
  sidecarSets,
  statefulSets,
  imagePullJobs,
];

/** The client resource of a sample object, by apiVersion and kind. */
export function resourceOf(object: KubeObject): Resource<KubeObject> {
  const r = RESOURCES.find((c) => c.apiVersion === object.apiVersion && c.kind === object.kind);
  if (r === undefined)
    throw new Error(`no sample resource for ${object.apiVersion} ${object.kind}`);
  return r;
}

/** The one object of a sample file, in the samples' namespace when it is namespaced and has none. */
export function loadSample<T extends KubeObject>(file: string): T {
  const docs = parseAllDocuments(readFileSync(`${SAMPLES_DIR}${file}`, 'utf8'));
  if (!Array.isArray(docs) || docs.length !== 1) throw new Error(`${file}: expected one object`);
  const object = docs[0]?.toJS() as T;
  const r = resourceOf(object);
  const ns = object.metadata?.namespace ?? (r.namespaced ? SAMPLE_NAMESPACE : undefined);
  return {
    ...object,
    metadata: { ...object.metadata, ...(ns !== undefined && { namespace: ns }) },
  };
}

export interface NativeSidecar {
  readonly name: string;
  readonly image: string;
}

/** Init containers with `restartPolicy: Always` (native sidecars). */
export const nativeSidecars = (pod: Pod): NativeSidecar[] =>
  (pod.spec?.initContainers ?? [])
    .filter((c) => c.restartPolicy === 'Always')
    .map((c) => ({ name: c.name, image: c.image ?? '' }));

const containerLine = (c: Container) =>
  `        - ${c.name}  ${c.image ?? ''}${c.restartPolicy !== undefined ? `  restartPolicy: ${c.restartPolicy}` : ''}`;

/** The pod's containers as the admission function let it in. */
export function describePod(pod: Pod): string[] {
  const injected = pod.metadata?.annotations?.[SIDECARSET_LIST_ANNOTATION];
  return [
    `    pod ${pod.metadata?.namespace}/${pod.metadata?.name} (labels ${JSON.stringify(pod.metadata?.labels ?? {})}):`,
    '      initContainers:',
    ...(pod.spec?.initContainers ?? []).map(containerLine),
    '      containers:',
    ...(pod.spec?.containers ?? []).map(containerLine),
    ...(injected !== undefined ? [`      injected by SidecarSet: ${injected}`] : []),
  ];
}

/** The pod names an Advanced StatefulSet asks for: `<name>-<start>` … `<name>-<start+replicas-1>`. */
export function ordinalPodNames(sts: StatefulSet): string[] {
  const start = sts.spec?.ordinals?.start ?? 0;
  const replicas = sts.spec?.replicas ?? 1;
  return Array.from({ length: replicas }, (_, i) => `${sts.metadata?.name}-${start + i}`);
}

/** Names of `want` that no pod in `have` carries (a deleting pod does not count). */
export const missingPods = (want: readonly string[], have: readonly Pod[]): string[] => {
  const names = new Set(
    have.filter((p) => p.metadata?.deletionTimestamp === undefined).map((p) => p.metadata?.name),
  );
  return want.filter((n) => !names.has(n));
};

/** The job's status once it has completed, else undefined. */
export const completedStatus = (job: ImagePullJob): ImagePullJob['status'] =>
  job.status?.completionTime !== undefined ? job.status : undefined;

/** `<node>: <phase> <imageID>` per tag the node reports for `image` (`name:tag`). */
export function nodeTagLines(nodeImage: NodeImage, image: string): string[] {
  const colon = image.lastIndexOf(':');
  const [name, tag] = [image.slice(0, colon), image.slice(colon + 1)];
  const tags = nodeImage.status?.imageStatuses?.[name]?.tags ?? [];
  return tags
    .filter((t) => t.tag === tag)
    .map(
      (t) =>
        `      node ${nodeImage.metadata?.name}: ${t.phase}${t.imageID !== undefined ? `, imageID ${t.imageID}` : ''}${t.message !== undefined ? ` (${t.message})` : ''}`,
    );
}
