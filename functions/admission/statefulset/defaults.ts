/**
 * `/mutate-apps-kruise-io-statefulset` (mstatefulset.kb.io, v1alpha1 and
 * v1beta1, CREATE and UPDATE): OpenKruise's `SetDefaultsStatefulSet`
 * (`kruise@v1.7.4:apis/apps/defaults/v1beta1.go`) and a cleared status.
 * `ordinals` and `reserveOrdinals` are kept as given whatever the gates. The
 * answer is the object as Go's json.Marshal writes the set of the request's
 * version (v1alpha1 or v1beta1), and none when defaulting changed nothing Go
 * holds.
 */
import type { DecodedStatefulSet } from '../../../shared/api/decoded.js';
import { isDeepStrictEqual } from 'node:util';
import { allow, type AdmissionInput, type Decision } from '../review/decision.js';
import type { FeatureGates } from '../../../shared/feature-gates.js';
import { defaultPodSpec } from '../validation/pod-defaults.js';
import { zeroStruct } from '../../../shared/api/go-decoded.js';
import { goMarshalAs } from '../../../shared/api/go-encoding.js';

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
  // OpenKruise writes `StatefulSetStatus{}` whatever the request carried.
  obj.status = zeroStruct<NonNullable<DecodedStatefulSet['status']>>();
  const type =
    input.resource.version === 'v1alpha1' ? 'v1alpha1.StatefulSet' : 'v1beta1.StatefulSet';
  const marshalled = goMarshalAs(type, obj);
  return marshalled === goMarshalAs(type, input.object) ? allow() : allow(JSON.parse(marshalled));
}
