/**
 * `/mutate-apps-kruise-io-statefulset` (mstatefulset.kb.io, v1alpha1 and
 * v1beta1, CREATE and UPDATE): OpenKruise's `SetDefaultsStatefulSet`
 * (`kruise@v1.7.4:apis/apps/defaults/v1beta1.go`) and a cleared status.
 * `ordinals` and `reserveOrdinals` are kept as given whatever the gates.
 */
import type { DecodedStatefulSet } from '../../../shared/api/decoded.js';
import { isDeepStrictEqual } from 'node:util';
import { allow, type AdmissionInput, type Decision } from '../review/decision.js';
import type { FeatureGates } from '../../../shared/feature-gates.js';
import { defaultPodSpec } from '../validation/pod-defaults.js';
import { zeroStruct } from '../../../shared/api/go-decoded.js';

export interface StatefulSetDefaultsOptions {
  /** Pod template and volumeClaimTemplate defaults (CREATE, or UPDATE with a changed template). */
  readonly injectTemplateDefaults: boolean;
  /** Gate StatefulSetAutoDeletePVC, and only for v1beta1 (v1alpha1 has no retention policy). */
  readonly pvcRetentionPolicy: boolean;
}

/** SetDefaultsStatefulSet on a copy. */
export function setStatefulSetDefaults(
  input: DecodedStatefulSet,
  opts: StatefulSetDefaultsOptions,
): DecodedStatefulSet {
  const obj = structuredClone(input);
  const spec = (obj.spec ??= zeroStruct());
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    if (ru.partition === undefined || ru.partition === null) ru.partition = 0;
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = 1;
    if (!ru.podUpdatePolicy) ru.podUpdatePolicy = 'ReCreate';
    if (ru.minReadySeconds === undefined || ru.minReadySeconds === null) ru.minReadySeconds = 0;
  }
  if (opts.pvcRetentionPolicy) {
    const policy = (spec.persistentVolumeClaimRetentionPolicy ??= {});
    if (!policy.whenDeleted) policy.whenDeleted = 'Retain';
    if (!policy.whenScaled) policy.whenScaled = 'Retain';
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) {
    spec.revisionHistoryLimit = 10;
  }
  if (opts.injectTemplateDefaults) {
    const template = (spec.template ??= {});
    defaultPodSpec((template.spec ??= { containers: [] }));
    for (const pvc of spec.volumeClaimTemplates ?? []) {
      const status = (pvc.status ??= {});
      if (!status.phase) status.phase = 'Pending';
    }
  }
  return obj;
}

/** The status the webhook writes: `StatefulSetStatus{}` as Go marshals it. */
const clearedStatus = {
  replicas: 0,
  readyReplicas: 0,
  availableReplicas: 0,
  currentReplicas: 0,
  updatedReplicas: 0,
};

const isZeroStatus = (s: object | null | undefined): boolean =>
  s === undefined ||
  s === null ||
  Object.values(s).every(
    (v) => v === 0 || v === '' || v === null || v === false || (Array.isArray(v) && v.length === 0),
  );

export interface DefaultStatefulSetContext {
  readonly gates: FeatureGates;
}

export function defaultStatefulSet(
  input: AdmissionInput<DecodedStatefulSet>,
  ctx: DefaultStatefulSetContext,
): Decision {
  let injectTemplateDefaults = false;
  if (!ctx.gates.enabled('TemplateNoDefaults')) {
    injectTemplateDefaults =
      input.operation !== 'UPDATE' ||
      !isDeepStrictEqual(input.object.spec?.template ?? {}, input.oldObject?.spec?.template ?? {});
  }
  const obj = setStatefulSetDefaults(input.object, {
    injectTemplateDefaults,
    pvcRetentionPolicy:
      ctx.gates.enabled('StatefulSetAutoDeletePVC') && input.resource.version !== 'v1alpha1',
  });
  if (!isZeroStatus(obj.status)) obj.status = { ...clearedStatus };
  return isDeepStrictEqual(obj, input.object) ? allow() : allow(obj);
}
