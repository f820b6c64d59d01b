/**
 * Advanced StatefulSet update strategy and maxUnavailable rules
 * (`kruise@v1.7.4:pkg/webhook/statefulset/validating/statefulset_validation.go`).
 */
import type { DecodedStatefulSetSpec } from '../../../shared/api/decoded.js';
import {
  child,
  invalid,
  required,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import { goRaw } from '../../../shared/go/format.js';
import {
  getScaledValueFromIntOrPercent,
  goIntOrString,
  validateNonnegativeField,
  validatePositiveIntOrPercent,
  type IntOrString,
} from '../../../shared/validation/int-or-string.js';
import { priorityStrategyError } from '../validation/update-strategy.js';
import { goReadinessGates, goRollingUpdate, goUpdateStrategy } from './go-values.js';

const rollingPath = 'spec.updateStrategy.rollingUpdate';

export function validateMaxUnavailable(
  mu: IntOrString,
  spec: DecodedStatefulSetSpec,
  path: string,
): ErrorList {
  const errs = validatePositiveIntOrPercent(mu, path);
  const scaled = getScaledValueFromIntOrPercent(mu, 1, true);
  if ('error' in scaled)
    errs.push(invalid(path, 0, `getValueFromIntOrPercent error: ${scaled.error}`));
  else if (scaled.value < 1) errs.push(invalid(path, scaled.value, 'should not be less than 1'));
  if (spec.podManagementPolicy !== 'Parallel' && mu !== 1) {
    errs.push(
      invalid(
        path,
        goRaw(goIntOrString(mu)),
        'can only work with Parallel PodManagementPolicyType',
      ),
    );
  }
  return errs;
}

function validatePodUpdatePolicy(spec: DecodedStatefulSetSpec): ErrorList {
  const policy = spec.updateStrategy?.rollingUpdate?.podUpdatePolicy ?? '';
  if (policy === '') return [required(child(rollingPath, 'podUpdatePolicy'), '')];
  if (policy === 'ReCreate') return [];
  if (policy === 'InPlaceIfPossible' || policy === 'InPlaceOnly') {
    const gates = spec.template?.spec?.readinessGates;
    if ((gates ?? []).some((g) => g.conditionType === 'InPlaceUpdateReady')) return [];
    return [
      invalid(
        'spec.template.spec.readinessGates',
        goRaw(goReadinessGates(gates)),
        `must contains InPlaceUpdateReady when podUpdatePolicy is ${policy}`,
      ),
    ];
  }
  return [
    invalid(
      child(rollingPath, 'podUpdatePolicy'),
      policy,
      "must be 'ReCreate', InPlaceIfPossible or 'InPlaceOnly'",
    ),
  ];
}

function validateRollingUpdate(spec: DecodedStatefulSetSpec): ErrorList {
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru === undefined || ru === null) return [];
  const errs = validateNonnegativeField(ru.partition ?? 0, child(rollingPath, 'partition'));
  const minReady = ru.minReadySeconds ?? 0;
  errs.push(...validateNonnegativeField(minReady, child(rollingPath, 'minReadySeconds')));
  if (minReady > 300) {
    errs.push(
      invalid(child(rollingPath, 'minReadySeconds'), minReady, 'must be no more than 300 seconds'),
    );
  }
  if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) {
    errs.push(required(child(rollingPath, 'maxUnavailable'), ''));
  } else {
    errs.push(
      ...validateMaxUnavailable(ru.maxUnavailable, spec, child(rollingPath, 'maxUnavailable')),
    );
  }
  errs.push(...validatePodUpdatePolicy(spec));
  if (ru.unorderedUpdate !== undefined && ru.unorderedUpdate !== null) {
    const path = child(rollingPath, 'unorderedUpdate');
    if (spec.podManagementPolicy !== 'Parallel') {
      errs.push(
        required(path, 'unorderedUpdate can only work with Parallel PodManagementPolicyType'),
      );
    }
    const priority = priorityStrategyError(ru.unorderedUpdate.priorityStrategy);
    if (priority !== undefined) errs.push(required(child(path, 'priorityStrategy'), priority));
  }
  return errs;
}

export function validateUpdateStrategy(spec: DecodedStatefulSetSpec): ErrorList {
  const strategy = spec.updateStrategy ?? {};
  switch (strategy.type ?? '') {
    case '':
      return [required('spec.updateStrategy', '')];
    case 'OnDelete':
      return strategy.rollingUpdate
        ? [
            invalid(
              rollingPath,
              goRaw(goRollingUpdate(strategy.rollingUpdate)),
              "only allowed for updateStrategy 'RollingUpdate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      return validateRollingUpdate(spec);
    default:
      return [
        invalid(
          'spec.updateStrategy',
          goRaw(goUpdateStrategy(strategy)),
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      ];
  }
}
