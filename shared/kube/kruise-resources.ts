/**
 * The served versions of our CRDs as client resources, typed by each kind's
 * schema (shared/api), named from the same definitions the CRDs are built
 * from, so a path cannot drift from the CRD.
 */
import {
  containerRecreateRequestResource,
  imagePullJobResource,
  nodeImageResource,
  sidecarSetResource,
  statefulSetResource,
  type ContainerRecreateRequest,
  type ImagePullJob,
  type NodeImage,
  type SidecarSet,
  type StatefulSet,
} from '../api/index.js';
import type { ResourceDefinition } from '../api/resource.js';
import { resource, type KubeObject, type Resource } from './resource.js';

/** A served version of one of our CRDs. */
const kruise = <T extends KubeObject>(def: ResourceDefinition, version: string): Resource<T> =>
  resource<T>({
    apiVersion: `${def.group}/${version}`,
    kind: def.kind,
    plural: def.plural,
    namespaced: def.scope === 'Namespaced',
  });

export const sidecarSets = kruise<SidecarSet>(sidecarSetResource, 'v1alpha1');
export const statefulSets = kruise<StatefulSet>(statefulSetResource, 'v1beta1');
export const imagePullJobs = kruise<ImagePullJob>(imagePullJobResource, 'v1alpha1');
export const nodeImages = kruise<NodeImage>(nodeImageResource, 'v1alpha1');
export const containerRecreateRequests = kruise<ContainerRecreateRequest>(
  containerRecreateRequestResource,
  'v1alpha1',
);
