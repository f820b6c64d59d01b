/**
 * Valid reviews, one or more per admission route, that the fuzz test mutates.
 */
import { loadAdmissionEvent } from '../../events/admission/load.js';
import type { Pod } from '../../shared/api/core/core-v1.js';
import type { JsonObject } from '../../shared/json.js';

const CRR_PATH = '/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest';

/** The Pod the ContainerRecreateRequest seeds name; the fuzz test's reader knows it. */
export const CRR_POD_NAME = 'web-0';

/** That Pod as the API returns it: scheduled, running, its containers started. */
export const crrPod = (): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: CRR_POD_NAME, namespace: 'default', uid: 'uid-web-0' },
  spec: {
    nodeName: 'node-1',
    terminationGracePeriodSeconds: 30,
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        lifecycle: { preStop: { httpGet: { path: '/quit', port: 80, scheme: 'HTTP' } } },
      },
    ],
  },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'app',
        containerID: 'containerd://0123',
        restartCount: 1,
        image: 'nginx:1.25',
        imageID: '',
        ready: true,
      },
    ],
  },
});

interface Seed {
  readonly path: string;
  readonly review: JsonObject;
}

const review = (
  resource: { group: string; version: string; resource: string },
  kind: string,
  operation: string,
  object: JsonObject,
  oldObject?: JsonObject,
): JsonObject => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: `fuzz-${resource.resource}-${operation.toLowerCase()}`,
    kind: { group: resource.group, version: resource.version, kind },
    resource,
    namespace: (object['metadata'] as { namespace?: string } | undefined)?.namespace ?? '',
    name: (object['metadata'] as { name?: string } | undefined)?.name ?? '',
    operation,
    userInfo: { username: 'fuzz' },
    object,
    ...(oldObject !== undefined && { oldObject }),
  },
});

const kruise = (resource: string, version = 'v1alpha1') => ({
  group: 'apps.kruise.io',
  version,
  resource,
});

export function seedReviews(): Seed[] {
  const sidecarSet = loadAdmissionEvent<JsonObject>('sidecarset-log-agent');
  const statefulSet: JsonObject = {
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    },
  };
  const imagePullJob: JsonObject = {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'ImagePullJob',
    metadata: { name: 'pull-nginx', namespace: 'default' },
    spec: {
      image: 'nginx:1.25',
      parallelism: 10,
      selector: { matchLabels: { 'node-type': 'web' } },
      completionPolicy: {
        type: 'Always',
        activeDeadlineSeconds: 1200,
        ttlSecondsAfterFinished: 300,
      },
      pullPolicy: { backoffLimit: 3, timeoutSeconds: 300 },
    },
  };
  const nodeImage: JsonObject = {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'NodeImage',
    metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' } },
    spec: {
      images: { nginx: { tags: [{ tag: '1.25', pullPolicy: { ttlSecondsAfterFinished: 300 } }] } },
    },
  };
  const crr: JsonObject = {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'ContainerRecreateRequest',
    metadata: { name: 'recreate-app', namespace: 'default' },
    spec: {
      podName: CRR_POD_NAME,
      containers: [{ name: 'app' }],
      strategy: {
        failurePolicy: 'Ignore',
        orderedRecreate: true,
        terminationGracePeriodSeconds: 10,
      },
      activeDeadlineSeconds: 300,
      ttlSecondsAfterFinished: 600,
    },
  };
  const crrDefaulted: JsonObject = {
    ...crr,
    metadata: {
      name: 'recreate-app',
      namespace: 'default',
      labels: {
        'crr.apps.kruise.io/active': 'true',
        'crr.apps.kruise.io/node-name': 'node-1',
        'crr.apps.kruise.io/pod-uid': 'uid-web-0',
      },
    },
    status: { phase: 'Recreating', containerRecreateStates: [{ name: 'app', phase: 'Pending' }] },
  };
  const crrs = kruise('containerrecreaterequests');
  const pods = { group: '', version: 'v1', resource: 'pods' };
  return [
    { path: '/mutate-pod', review: loadAdmissionEvent<JsonObject>('create-pod') },
    ...['mutate', 'validate'].flatMap((verb) => [
      {
        path: `/${verb}-apps-kruise-io-v1alpha1-sidecarset`,
        review: review(kruise('sidecarsets'), 'SidecarSet', 'CREATE', sidecarSet),
      },
      {
        path: `/${verb}-apps-kruise-io-v1alpha1-sidecarset`,
        review: review(kruise('sidecarsets'), 'SidecarSet', 'UPDATE', sidecarSet, sidecarSet),
      },
      {
        path: `/${verb}-apps-kruise-io-statefulset`,
        review: review(kruise('statefulsets', 'v1beta1'), 'StatefulSet', 'CREATE', statefulSet),
      },
      {
        path: `/${verb}-apps-kruise-io-v1alpha1-imagepulljob`,
        review: review(kruise('imagepulljobs'), 'ImagePullJob', 'CREATE', imagePullJob),
      },
      {
        path: `/${verb}-apps-kruise-io-v1alpha1-nodeimage`,
        review: review(kruise('nodeimages'), 'NodeImage', 'CREATE', nodeImage),
      },
    ]),
    {
      path: '/validate-apps-kruise-io-statefulset',
      review: review(
        kruise('statefulsets', 'v1beta1'),
        'StatefulSet',
        'DELETE',
        statefulSet,
        statefulSet,
      ),
    },
    {
      path: CRR_PATH,
      review: review(crrs, 'ContainerRecreateRequest', 'CREATE', crr),
    },
    {
      path: CRR_PATH,
      review: review(crrs, 'ContainerRecreateRequest', 'UPDATE', crrDefaulted, crrDefaulted),
    },
    {
      path: '/mutate-pod',
      review: review(pods, 'Pod', 'CREATE', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'bare' },
        spec: { containers: [] },
      }),
    },
  ];
}
