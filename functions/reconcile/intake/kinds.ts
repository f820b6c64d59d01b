/**
 * The kinds the controllers watch, by apiVersion and kind, as the resources
 * audit events name (group and plural): a CloudEvent names a kind, an audit
 * event a resource, and mapping speaks in resources.
 */
export interface WatchedResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

const KINDS: Readonly<Record<string, WatchedResource>> = {
  'v1/Pod': { group: '', version: 'v1', resource: 'pods' },
  'v1/Node': { group: '', version: 'v1', resource: 'nodes' },
  'v1/Secret': { group: '', version: 'v1', resource: 'secrets' },
  'v1/ConfigMap': { group: '', version: 'v1', resource: 'configmaps' },
  'v1/PersistentVolumeClaim': { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  'apps.kruise.io/v1alpha1/SidecarSet': {
    group: 'apps.kruise.io',
    version: 'v1alpha1',
    resource: 'sidecarsets',
  },
  'apps.kruise.io/v1alpha1/ContainerRecreateRequest': {
    group: 'apps.kruise.io',
    version: 'v1alpha1',
    resource: 'containerrecreaterequests',
  },
  'apps.kruise.io/v1alpha1/StatefulSet': {
    group: 'apps.kruise.io',
    version: 'v1alpha1',
    resource: 'statefulsets',
  },
  'apps.kruise.io/v1beta1/StatefulSet': {
    group: 'apps.kruise.io',
    version: 'v1beta1',
    resource: 'statefulsets',
  },
  'apps.kruise.io/v1alpha1/ImagePullJob': {
    group: 'apps.kruise.io',
    version: 'v1alpha1',
    resource: 'imagepulljobs',
  },
  'apps.kruise.io/v1alpha1/NodeImage': {
    group: 'apps.kruise.io',
    version: 'v1alpha1',
    resource: 'nodeimages',
  },
};

export const resourceOfKind = (apiVersion: string, kind: string): WatchedResource | undefined =>
  Object.hasOwn(KINDS, `${apiVersion}/${kind}`) ? KINDS[`${apiVersion}/${kind}`] : undefined;

/** Every watched kind with its resource, e.g. for the event sources that deliver them. */
export const watchedKinds = (): readonly (WatchedResource & {
  readonly apiVersion: string;
  readonly kind: string;
})[] =>
  Object.entries(KINDS).map(([key, r]) => {
    const slash = key.lastIndexOf('/');
    return { ...r, apiVersion: key.slice(0, slash), kind: key.slice(slash + 1) };
  });
