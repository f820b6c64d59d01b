/** Builders for the ImagePullJob plan tests: a job, NodeImages as the node puller leaves them, secrets. */
import type { Secret } from '../../../shared/api/core/core-v1.js';
import type { ImagePullJob } from '../../../shared/api/imagepulljob.js';
import type { ImageTagStatus, NodeImage } from '../../../shared/api/nodeimage.js';
import type { ObservedImagePullJob } from './plan.js';
import { ownerRefOf } from './tag-write.js';

export const NOW = new Date('2024-09-05T08:00:00Z');
export const NOW_TIME = '2024-09-05T08:00:00Z';
export const DAEMON_NS = 'kruise-daemon-config';

export function job(
  spec: Partial<ImagePullJob['spec']> = {},
  meta: Partial<NonNullable<ImagePullJob['metadata']>> = {},
  status?: ImagePullJob['status'],
): ImagePullJob {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'ImagePullJob',
    metadata: {
      name: 'pull',
      namespace: 'ns',
      uid: 'job-uid',
      resourceVersion: '7',
      finalizers: ['apps.kruise.io/deletion-protection'],
      ...meta,
    },
    spec: {
      image: 'nginx:1.25',
      parallelism: 2,
      pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
      completionPolicy: { type: 'Always' },
      imagePullPolicy: 'IfNotPresent',
      ...spec,
    },
    ...(status !== undefined && { status }),
  };
}

export function nodeImage(name: string, labels: Record<string, string> = {}): NodeImage {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'NodeImage',
    metadata: { name, labels, resourceVersion: '1' },
    spec: {},
  };
}

/** `n` with the job's tag written (version `version`) and, when given, the node's status for it. */
export function withTag(
  n: NodeImage,
  j: ImagePullJob,
  phase?: ImageTagStatus['phase'],
  opts: { version?: number; statusVersion?: number; secrets?: string[] } = {},
): NodeImage {
  const version = opts.version ?? 0;
  return {
    ...n,
    spec: {
      images: {
        nginx: {
          ...(opts.secrets && {
            pullSecrets: opts.secrets.map((name) => ({ namespace: DAEMON_NS, name })),
          }),
          tags: [
            {
              tag: '1.25',
              ...(version !== 0 && { version }),
              createdAt: NOW_TIME,
              ownerReferences: [ownerRefOf(j)],
            },
          ],
        },
      },
    },
    ...(phase !== undefined && {
      status: {
        desired: 1,
        imageStatuses: {
          nginx: { tags: [{ tag: '1.25', phase, version: opts.statusVersion ?? version }] },
        },
      },
    }),
  };
}

export function secret(
  name: string,
  namespace: string,
  extra: Partial<NonNullable<Secret['metadata']>> = {},
  data: Record<string, string> = { '.dockerconfigjson': 'e30=' },
): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, uid: `${name}-uid`, resourceVersion: '3', ...extra },
    type: 'kubernetes.io/dockerconfigjson',
    data,
  };
}

export function observed(
  j: ImagePullJob,
  targets: NodeImage[] | Error,
  over: Partial<ObservedImagePullJob> = {},
): ObservedImagePullJob {
  return {
    job: j,
    now: NOW,
    daemonNamespace: DAEMON_NS,
    daemonNamespaceObject: { metadata: { name: DAEMON_NS } },
    daemonSecrets: [],
    sources: new Map(),
    targets,
    jitter: { always: 7, never: 11 },
    ...over,
  };
}
