/** ResourceDefinition (shared/api) → apiextensions.k8s.io/v1 CustomResourceDefinition. */
import type { ResourceDefinition, ResourceVersion } from '../../shared/api/resource.js';
import { toStructural, type StructuralSchema } from './structural.js';

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  additionalPrinterColumns: { name: string; type: string; jsonPath: string; priority?: number }[];
  schema: { openAPIV3Schema: StructuralSchema };
  subresources: {
    status: Record<string, never>;
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath: string };
  };
}

export interface Crd {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames?: string[];
    };
    scope: 'Namespaced' | 'Cluster';
    versions: CrdVersion[];
  };
}

function version(v: ResourceVersion): CrdVersion {
  return {
    name: v.name,
    served: v.served,
    storage: v.storage,
    additionalPrinterColumns: v.printerColumns.map((c) => ({ ...c })),
    schema: { openAPIV3Schema: toStructural(v.schema) },
    subresources: { status: {}, ...(v.scale === undefined ? {} : { scale: { ...v.scale } }) },
  };
}

/** The CRD serving `def`; exactly one version must be the storage version. */
export function toCrd(def: ResourceDefinition): Crd {
  const storage = def.versions.filter((v) => v.storage);
  if (storage.length !== 1) throw new Error(`${def.kind}: ${storage.length} storage versions`);
  const { kind, listKind, plural, singular } = def;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${def.plural}.${def.group}` },
    spec: {
      group: def.group,
      names: {
        kind,
        listKind,
        plural,
        singular,
        ...(def.shortNames.length > 0 ? { shortNames: [...def.shortNames] } : {}),
      },
      scope: def.scope,
      versions: def.versions.map(version),
    },
  };
}
