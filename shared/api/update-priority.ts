/**
 * apis/apps/pub UpdatePriorityStrategy, shared by SidecarSet and Advanced
 * StatefulSet: the order in which pods are updated.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LabelSelector } from './core/meta.js';
import { Int32 } from './schema-kit.js';

export const UpdatePriorityStrategy = Type.Object({
  /** Pods with a larger value of the first key present are updated first. */
  orderPriority: Type.Optional(Type.Array(Type.Object({ orderedKey: Type.String() }))),
  /** Pods matching heavier terms are updated first (weight 1-100). */
  weightPriority: Type.Optional(
    Type.Array(Type.Object({ weight: Int32(), matchSelector: LabelSelector })),
  ),
});
export type UpdatePriorityStrategy = Static<typeof UpdatePriorityStrategy>;
