/** `%#v` renderings of the Advanced StatefulSet values OpenKruise puts in field errors. */
import type {
  DecodedRollingUpdateStrategy,
  DecodedStatefulSetSpec,
} from '../../../shared/api/decoded.js';
import { goPointer, goSlice, goStruct } from '../../../shared/go/format.js';
import { goQuote } from '../../../shared/go/quote.js';

const has = (v: unknown): boolean => v !== undefined && v !== null;

export const goRollingUpdate = (ru: DecodedRollingUpdateStrategy): string =>
  goStruct('v1beta1.RollingUpdateStatefulSetStrategy', [
    ['Partition', goPointer('int32', has(ru.partition))],
    ['MaxUnavailable', goPointer('intstr.IntOrString', has(ru.maxUnavailable))],
    ['PodUpdatePolicy', goQuote(ru.podUpdatePolicy ?? '')],
    ['Paused', String(ru.paused === true)],
    ['UnorderedUpdate', goPointer('v1beta1.UnorderedUpdateStrategy', has(ru.unorderedUpdate))],
    [
      'InPlaceUpdateStrategy',
      goPointer('pub.InPlaceUpdateStrategy', has(ru.inPlaceUpdateStrategy)),
    ],
    ['MinReadySeconds', goPointer('int32', has(ru.minReadySeconds))],
  ]);

export const goUpdateStrategy = (
  s: NonNullable<DecodedStatefulSetSpec['updateStrategy']>,
): string =>
  goStruct('v1beta1.StatefulSetUpdateStrategy', [
    ['Type', goQuote(s.type ?? '')],
    ['RollingUpdate', goPointer('v1beta1.RollingUpdateStatefulSetStrategy', has(s.rollingUpdate))],
  ]);

export const goReadinessGates = (
  gates: readonly { conditionType?: string }[] | null | undefined,
): string =>
  goSlice('v1.PodReadinessGate', gates, (g) =>
    goStruct('v1.PodReadinessGate', [['ConditionType', goQuote(g.conditionType ?? '')]]),
  );
