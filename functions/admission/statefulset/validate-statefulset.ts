/**
 * `/validate-apps-kruise-io-statefulset` (vstatefulset.kb.io, v1alpha1 and
 * v1beta1, CREATE/UPDATE/DELETE). v1alpha1 objects are read as their v1beta1
 * conversion. Field errors are denied with HTTP 422; deletion protection with 403.
 */
import type { DecodedStatefulSet, DecodedStatefulSetSpec } from '../../../shared/api/decoded.js';
import { isDeepStrictEqual } from 'node:util';
import { allow, deny, type AdmissionInput, type Decision } from '../review/decision.js';
import type { FeatureGates } from '../../../shared/feature-gates.js';
import { aggregate, forbidden, type ErrorList } from '../../../shared/validation/field-error.js';
import { nameIsDNSLabel } from '../../../shared/validation/names.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { validateObjectMetaUpdate } from '../validation/object-meta-update.js';
import { validateNonnegativeField } from '../../../shared/validation/int-or-string.js';
import { asV1beta1 } from './convert.js';
import { templateSpecPatch } from './template-patch.js';
import { validatePVCRetentionPolicy, validateStatefulSetSpec } from './validate-spec.js';
import { zeroStruct } from '../../../shared/api/go-decoded.js';

/**
 * validateStatefulSet (statefulset_validation.go:295-299). Its name rule is
 * appsvalidation.ValidateStatefulSetName, which in k8s.io/kubernetes v1.28.9
 * (`pkg/apis/apps/validation/validation.go:39-44`) is NameIsDNSLabel: at
 * most 63 characters and no dots (pods are named `<set>-<ordinal>`).
 */
export const validateStatefulSetObject = (obj: DecodedStatefulSet): ErrorList => [
  ...validateObjectMeta(obj.metadata, true, nameIsDNSLabel, 'metadata'),
  ...validateStatefulSetSpec(obj.spec ?? {}),
];

type Selector = DecodedStatefulSetSpec['selector'] | undefined;

/**
 * A selector as apiequality.Semantic.DeepEqual compares it: a nil pointer
 * differs from an empty selector, but nil and empty maps and slices are
 * equal, and so are a missing string and "".
 */
const semanticSelector = (s: Selector) =>
  s === undefined || s === null
    ? null
    : {
        matchLabels: { ...s.matchLabels },
        matchExpressions: (s.matchExpressions ?? []).map((r) => ({
          key: r.key ?? '',
          operator: r.operator ?? '',
          values: r.values ?? [],
        })),
      };

/**
 * What ValidateStatefulSetUpdate still compares after copying the old
 * values of the fields an update may change into the new spec
 * (`kruise@v1.7.4:pkg/webhook/statefulset/validating/statefulset_validation.go:305-329`):
 * of the Go StatefulSetSpec only selector, serviceName and
 * podManagementPolicy are left. A field the Go type does not have (say a
 * stray `spec.minReadySeconds`) was dropped by Go's decoder and never
 * counts as a change; scaleStrategy may change though the message omits it.
 */
const fixedSpecFields = (spec: DecodedStatefulSetSpec | undefined) => ({
  selector: semanticSelector(spec?.selector),
  serviceName: spec?.serviceName ?? '',
  podManagementPolicy: spec?.podManagementPolicy ?? '',
});

/** statefulset_validation.go:330 */
export const forbiddenUpdateMessage =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'reserveOrdinals', 'lifecycle', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', `volumeClaimTemplates` and 'updateStrategy' are forbidden";

/** ValidateStatefulSetUpdate (statefulset_validation.go:302-343) */
export function validateStatefulSetUpdate(
  obj: DecodedStatefulSet,
  old: DecodedStatefulSet,
): ErrorList {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, 'metadata');
  if (!isDeepStrictEqual(fixedSpecFields(obj.spec), fixedSpecFields(old.spec))) {
    errs.push(forbidden('spec', forbiddenUpdateMessage));
  }
  errs.push(...validateNonnegativeField(obj.spec?.replicas ?? 0, 'spec.replicas'));
  errs.push(...validatePVCRetentionPolicy(obj.spec ?? {}));
  return errs;
}

/** statefulset_validation.go:26, unanchored: `/containers/0/imagePullPolicy` matches too. */
const inPlaceImagePath = /\/containers\/([0-9]+)\/image/;

/**
 * validateTemplateInPlaceOnly (statefulset_validation.go:345-358): the first
 * operation of the template specs' patch (template-patch.ts: its order) that
 * is not a replace of a container image, as `<op> <path>`.
 */
export function inPlaceOnlyViolation(
  old: DecodedStatefulSet,
  obj: DecodedStatefulSet,
): string | undefined {
  const ops = templateSpecPatch(old.spec?.template?.spec ?? {}, obj.spec?.template?.spec ?? {});
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
