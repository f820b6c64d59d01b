/**
 * How a kruise-fn resource is served: names, scope, versions with their schema,
 * printer columns and subresources. infra/manifests turns each into a CRD; the
 * functions use the names to address the API.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ObjectMeta } from './core/meta.js';

export const KRUISE_GROUP = 'apps.kruise.io';

export interface PrinterColumn {
  readonly name: string;
  readonly type: 'integer' | 'number' | 'string' | 'boolean' | 'date';
  readonly jsonPath: string;
  /** 1 = shown only with `-o wide`. */
  readonly priority?: number;
}

export interface ScaleSubresource {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath: string;
}

export interface ResourceVersion {
  readonly name: string;
  /** The whole object: apiVersion, kind, metadata, spec, status. */
  readonly schema: TSchema;
  readonly served: boolean;
  readonly storage: boolean;
  readonly printerColumns: readonly PrinterColumn[];
  /** Every version has the status subresource; scale only where given. */
  readonly scale?: ScaleSubresource;
}

export interface ResourceDefinition {
  readonly group: typeof KRUISE_GROUP;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster';
  readonly versions: readonly ResourceVersion[];
}

/** The `AGE` column every kind ends with. */
export const AGE_COLUMN: PrinterColumn = {
  name: 'AGE',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
};

/** `<group>/<version>` for a version of a resource. */
export const apiVersionOf = (def: ResourceDefinition, version: string): string =>
  `${def.group}/${version}`;

/**
 * The object schema of a kind. `apiVersion`/`kind` are optional because list
 * items come without them; root `metadata` is validated by the apiserver, so
 * the CRD declares it as a bare object (infra/manifests/structural.ts).
 */
export function objectSchema<Spec extends TSchema, Status extends TSchema>(
  spec: Spec,
  status: Status,
) {
  return Type.Object({
    apiVersion: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String()),
    metadata: ObjectMeta,
    spec,
    status: Type.Optional(status),
  });
}
