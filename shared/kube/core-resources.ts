/**
 * The core resources the functions address, each typed by its kind's
 * schema-derived type (shared/api/core, generated from Kubernetes' OpenAPI).
 * Type-only imports: addressing a kind loads none of its schema.
 */
import type { ControllerRevision } from '../api/core/apps-v1.js';
import type {
  ConfigMap,
  Namespace,
  Node,
  PersistentVolumeClaim,
  Pod,
  Secret,
} from '../api/core/core-v1.js';
import { resource, type KubeObject } from './resource.js';

const core = <T extends KubeObject>(kind: string, plural: string, namespaced: boolean) =>
  resource<T>({ apiVersion: 'v1', kind, plural, namespaced });

export const pods = core<Pod>('Pod', 'pods', true);
export const secrets = core<Secret>('Secret', 'secrets', true);
export const configMaps = core<ConfigMap>('ConfigMap', 'configmaps', true);
export const namespaces = core<Namespace>('Namespace', 'namespaces', false);
export const nodes = core<Node>('Node', 'nodes', false);
export const controllerRevisions = resource<ControllerRevision>({
  apiVersion: 'apps/v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  namespaced: true,
});
export const persistentVolumeClaims = core<PersistentVolumeClaim>(
  'PersistentVolumeClaim',
  'persistentvolumeclaims',
  true,
);
