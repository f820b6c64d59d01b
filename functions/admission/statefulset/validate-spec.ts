/**
 * Advanced StatefulSet spec rules (`kruise@v1.7.4:pkg/webhook/statefulset/validating/
 * statefulset_validation.go` `validateStatefulSetSpec`), all evaluated and
 * joined, plus kruise-fn's rejection of a negative `ordinals.start`.
 */
import type { DecodedStatefulSetSpec } from '../../../shared/api/decoded.js';
import {
  child,
  forbidden,
  invalid,
  notSupported,
  required,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import { goIntSlice, goRaw, goStringMap } from '../../../shared/go/format.js';
import { validateNonnegativeField } from '../../../shared/validation/int-or-string.js';
import {
  goLabelSelector,
  validateLabels,
  validateLabelSelector,
} from '../../../shared/validation/label-selector.js';
import {
  labelSelectorAsSelector,
  matchesRequirements,
} from '../../../shared/validation/selector-match.js';
import { validateAnnotations } from '../validation/object-meta.js';
import { validatePodSpecificAnnotations } from '../validation/pod-annotations.js';
import { validateMaxUnavailable, validateUpdateStrategy } from './validate-update-strategy.js';

function validateReserveOrdinals(spec: DecodedStatefulSetSpec): ErrorList {
  const ordinals = spec.reserveOrdinals;
  if (ordinals === undefined || ordinals === null) return [];
  const shown = goRaw(goIntSlice(ordinals));
  const errs: ErrorList = [];
  if (new Set(ordinals).size !== ordinals.length) {
    errs.push(invalid('spec', shown, 'reserveOrdinals contains duplicated items'));
  }
  for (const i of ordinals) {
    if (i < 0)
      errs.push(invalid('spec', shown, `reserveOrdinals contains ${i} which must be order >= 0`));
  }
  return errs;
}

export function validatePVCRetentionPolicy(spec: DecodedStatefulSetSpec): ErrorList {
  const policy = spec.persistentVolumeClaimRetentionPolicy;
  if (policy === undefined || policy === null) return [];
  const path = 'spec.persistentVolumeClaimRetentionPolicy';
  return (['whenDeleted', 'whenScaled'] as const).flatMap((f) => {
    const v = policy[f] ?? '';
    return v === 'Retain' || v === 'Delete'
      ? []
      : [notSupported(child(path, f), v, ['Retain', 'Delete'])];
  });
}

/** ValidatePodTemplateSpecForStatefulSet: selector/labels match and template metadata, no pod spec checks (Kubernetes leaves those for later there). */
function validateSelectorAndTemplate(spec: DecodedStatefulSetSpec): ErrorList {
  const errs: ErrorList = [];
  const selector = spec.selector;
  if (selector === undefined || selector === null) {
    errs.push(required('spec.selector', ''));
  } else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (
      Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length ===
      0
    ) {
      errs.push(
        invalid(
          'spec.selector',
          goRaw(goLabelSelector(selector)),
          'empty selector is invalid for statefulset',
        ),
      );
    }
  }
  const parsed = labelSelectorAsSelector(selector ?? undefined);
  if (!parsed.ok) {
    errs.push(invalid('spec.selector', selector ? goRaw(goLabelSelector(selector)) : null, ''));
    return errs;
  }
  const meta = spec.template?.metadata ?? {};
  const labels = meta.labels ?? {};
  // labels.Nothing() (nil selector) is not Empty and matches nothing.
  const matches =
    parsed.everything ||
    (parsed.requirements.length > 0 && matchesRequirements(parsed.requirements, labels));
  if (!parsed.everything && !matches) {
    errs.push(
      invalid(
        'spec.template.metadata.labels',
        goRaw(goStringMap(meta.labels)),
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validateLabels(meta.labels, 'spec.template.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'spec.template.annotations'));
  // ValidatePodTemplateSpecForStatefulSet (k8s.io/kubernetes v1.28.9 pkg/apis/apps/validation/validation.go:65).
  errs.push(
    ...validatePodSpecificAnnotations(
      meta.annotations,
      spec.template?.spec ?? undefined,
      'spec.template.annotations',
    ),
  );
  return errs;
}

export function validateStatefulSetSpec(spec: DecodedStatefulSetSpec): ErrorList {
  const errs: ErrorList = [];
  const pmp = spec.podManagementPolicy ?? '';
  if (pmp === '') errs.push(required('spec.podManagementPolicy', ''));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateReserveOrdinals(spec));
  const scaleMu = spec.scaleStrategy?.maxUnavailable;
  if (scaleMu !== undefined && scaleMu !== null) {
    errs.push(...validateMaxUnavailable(scaleMu, spec, 'spec.scaleStrategy.maxUnavailable'));
  }
  errs.push(...validateUpdateStrategy(spec));
  errs.push(...validatePVCRetentionPolicy(spec));
  errs.push(...validateNonnegativeField(spec.replicas ?? 0, 'spec.replicas'));
  // kruise-fn: OpenKruise does not validate ordinals; a negative start breaks pod names (SPEC §5.2).
  const start = spec.ordinals?.start;
  if (start !== undefined && start !== null)
    errs.push(...validateNonnegativeField(start, 'spec.ordinals.start'));
  errs.push(...validateSelectorAndTemplate(spec));
  const restartPolicy = spec.template?.spec?.restartPolicy ?? '';
  if (restartPolicy !== '' && restartPolicy !== 'Always') {
    errs.push(notSupported('spec.template.spec.restartPolicy', restartPolicy, ['Always']));
  }
  const deadline = spec.template?.spec?.activeDeadlineSeconds;
  if (deadline !== undefined && deadline !== null) {
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  }
  return errs;
}
