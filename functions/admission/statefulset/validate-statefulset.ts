/**
 * `/validate-apps-kruise-io-statefulset` (vstatefulset.kb.io, v1alpha1 and
 * v1beta1, CREATE/UPDATE/DELETE). v1alpha1 objects are read as their v1beta1
 * conversion. Field errors are denied with HTTP 422; deletion protection with 403.
 */
import type { DecodedStatefulSet, DecodedStatefulSetSpec } from '../../../shared/api/decoded.js';
import fastJsonPatch from 'fast-json-patch';
import { isDeepStrictEqual } from 'node:util';
import { allow, deny, type AdmissionInput, type Decision } from '../review/decision.js';
import type { FeatureGates } from '../../../shared/feature-gates.js';
import { aggregate, forbidden, type ErrorList } from '../validation/field-error.js';
import { nameIsDNSSubdomain } from '../validation/names.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { validateObjectMetaUpdate } from '../validation/object-meta-update.js';
import { validateNonnegativeField } from '../validation/int-or-string.js';
import { asV1beta1 } from './convert.js';
import { validatePVCRetentionPolicy, validateStatefulSetSpec } from './validate-spec.js';
import { zeroStruct } from '../../../shared/api/go-decoded.js';

export const validateStatefulSetObject = (obj: DecodedStatefulSet): ErrorList => [
  ...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, 'metadata'),
  ...validateStatefulSetSpec(obj.spec ?? {}),
];

/** Go decodes zero values and absent fields alike, and Semantic.DeepEqual equates nil and empty. */
function withoutZeroValues(v: unknown): unknown {
  if (Array.isArray(v))
    return v.length === 0 ? undefined : v.map((x) => withoutZeroValues(x) ?? null);
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v)
      .map(([k, x]) => [k, withoutZeroValues(x)] as const)
      .filter(([, x]) => x !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return v === null || v === '' || v === 0 || v === false ? undefined : v;
}

/** Spec fields an update may change (scaleStrategy too, though the message omits it). */
const mutableSpecFields = [
  'replicas',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'scaleStrategy',
  'volumeClaimTemplates',
  'reserveOrdinals',
  'lifecycle',
  'revisionHistoryLimit',
  'ordinals',
] as const;

const forbiddenUpdateMessage =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'reserveOrdinals', 'lifecycle', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', `volumeClaimTemplates` and 'updateStrategy' are forbidden";

/** ValidateStatefulSetUpdate */
export function validateStatefulSetUpdate(
  obj: DecodedStatefulSet,
  old: DecodedStatefulSet,
): ErrorList {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, 'metadata');
  const rest = (spec: DecodedStatefulSetSpec | undefined): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...spec };
    for (const f of mutableSpecFields) delete copy[f];
    return copy;
  };
  if (!isDeepStrictEqual(withoutZeroValues(rest(obj.spec)), withoutZeroValues(rest(old.spec)))) {
    errs.push(forbidden('spec', forbiddenUpdateMessage));
  }
  errs.push(...validateNonnegativeField(obj.spec?.replicas ?? 0, 'spec.replicas'));
  errs.push(...validatePVCRetentionPolicy(obj.spec ?? {}));
  return errs;
}

const inPlaceImagePath = /\/containers\/([0-9]+)\/image/;

/** validateTemplateInPlaceOnly: the first non-image change of the pod spec, as `<op> <path>`. */
export function inPlaceOnlyViolation(
  old: DecodedStatefulSet,
  obj: DecodedStatefulSet,
): string | undefined {
  const ops = fastJsonPatch.compare(old.spec?.template?.spec ?? {}, obj.spec?.template?.spec ?? {});
  const bad = ops.find((p) => p.op !== 'replace' || !inPlaceImagePath.test(p.path));
  return bad === undefined ? undefined : `${bad.op} ${bad.path}`;
}

export interface ValidateStatefulSetContext {
  readonly gates: FeatureGates;
}

/** deletionprotection.ValidateWorkloadDeletion */
export function workloadDeletionError(
  obj: DecodedStatefulSet,
  gates: FeatureGates,
): string | undefined {
  if (!gates.enabled('ResourcesDeletionProtection') || obj.metadata?.deletionTimestamp)
    return undefined;
  const key = 'policy.kruise.io/delete-protection';
  const value = obj.metadata?.labels?.[key];
  if (value === 'Always') return `forbidden by ResourcesProtectionDeletion for ${key}=${value}`;
  const replicas = obj.spec?.replicas;
  if (value === 'Cascading' && replicas !== undefined && replicas !== null && replicas > 0) {
    return `forbidden by ResourcesProtectionDeletion for ${key}=${value} and replicas ${replicas}>0`;
  }
  return undefined;
}

export function validateStatefulSet(
  input: AdmissionInput<DecodedStatefulSet>,
  ctx: ValidateStatefulSetContext,
): Decision {
  const version = input.resource.version;
  if (input.operation === 'DELETE') {
    if (input.oldObject === undefined) return allow();
    const err = workloadDeletionError(asV1beta1(input.oldObject, version), ctx.gates);
    return err === undefined ? allow() : deny(403, err);
  }
  if (input.operation !== 'CREATE' && input.operation !== 'UPDATE') return allow();
  const obj = asV1beta1(input.object, version);
  const errs = validateStatefulSetObject(obj);
  if (input.operation === 'UPDATE') {
    const old = asV1beta1(input.oldObject ?? zeroStruct(), version);
    errs.push(...validateStatefulSetUpdate(obj, old));
    if (
      errs.length === 0 &&
      obj.spec?.updateStrategy?.rollingUpdate?.podUpdatePolicy === 'InPlaceOnly'
    ) {
      const violation = inPlaceOnlyViolation(old, obj);
      if (violation !== undefined) {
        return deny(
          422,
          `invalid template modified with InPlaceOnly strategy: ${violation}, currently only image update is allowed for InPlaceOnly`,
        );
      }
    }
  }
  return errs.length > 0 ? deny(422, aggregate(errs)) : allow();
}
