/** What admission can tell of `ConvertTo(v1beta1)` for an Advanced StatefulSet. */
import type { DecodedStatefulSet } from '../../../shared/api/decoded.js';

/** v1beta1-only spec fields: a v1alpha1 object converted to v1beta1 never has them. */
export const v1beta1OnlySpecFields = [
  'reserveOrdinals',
  'ordinals',
  'lifecycle',
  'scaleStrategy',
  'persistentVolumeClaimRetentionPolicy',
] as const;

/** `ConvertTo(v1beta1)` of a v1alpha1 object, as far as admission can tell. */
export function asV1beta1(obj: DecodedStatefulSet, version: string): DecodedStatefulSet {
  if (version !== 'v1alpha1' || obj.spec === undefined || obj.spec === null) return obj;
  const spec = { ...obj.spec };
  for (const f of v1beta1OnlySpecFields) delete spec[f];
  return { ...obj, spec };
}
