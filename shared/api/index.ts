/** kruise-fn's API: schemas, types, parsers and how each resource is served. */
import { containerRecreateRequestResource } from './containerrecreaterequest.js';
import { imagePullJobResource } from './imagepulljob.js';
import { nodeImageResource } from './nodeimage.js';
import type { ResourceDefinition } from './resource.js';
import { sidecarSetResource } from './sidecarset.js';
import { statefulSetResource } from './statefulset.js';

export * from './containerrecreaterequest.js';
export * from './imagepulljob.js';
export * from './nodeimage.js';
export * from './parse.js';
export * from './resource.js';
export * from './sidecarset.js';
export * from './statefulset.js';
export * from './statefulset-v1alpha1.js';

/** Every resource kruise-fn serves, one CRD each. */
export const kruiseResources: readonly ResourceDefinition[] = [
  sidecarSetResource,
  statefulSetResource,
  imagePullJobResource,
  nodeImageResource,
  containerRecreateRequestResource,
];
