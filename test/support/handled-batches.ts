/**
 * Reading the batches a reconcile harness kept (reconcile-harness.ts): which
 * batch named an object, and what the function wrote. Tests wait on these
 * instead of sleeping: once the batch that named a write is answered, every
 * reconcile that write caused has run (requeues within the invocation too).
 */
import type { ObjectRef } from '../../functions/reconcile/controller.js';
import type { HandledBatch, RunningReconcile } from './reconcile-harness.js';

/** What one audit event names, as the intake reads it (no subresource: the object itself). */
export type Named = Required<Pick<ObjectRef, 'resource' | 'namespace' | 'name' | 'verb'>> &
  Pick<ObjectRef, 'subresource'>;

export const names = (ref: ObjectRef, n: Named): boolean =>
  ref.resource === n.resource &&
  ref.namespace === n.namespace &&
  ref.name === n.name &&
  ref.verb === n.verb &&
  ref.subresource === n.subresource;

/** Waits until the function has answered a batch whose events named `n`; that batch. */
export const answered = (fn: RunningReconcile, n: Named): Promise<HandledBatch> =>
  fn.until(
    `an answered batch naming ${n.verb} ${n.resource}${n.subresource ? `/${n.subresource}` : ''} ${n.namespace}/${n.name}`,
    async () => fn.batches.find((b) => b.summary !== undefined && b.refs.some((r) => names(r, n))),
  );

const BELOW_NAMESPACE = /^(\w+) \/apis?\/(?:[^/]+\/)?v1\w*\/namespaces\/([^/]+)\/([^?]*)/;

/**
 * The requests of `requests` that write into `namespace`, as `<method>
 * <path below the namespace>`, e.g. `PUT pods/web-0/status`.
 */
export function writesOf(requests: readonly string[], namespace: string): string[] {
  return requests.flatMap((r) => {
    const m = BELOW_NAMESPACE.exec(r);
    return m === null || m[1] === 'GET' || m[2] !== namespace ? [] : [`${m[1]} ${m[3]}`];
  });
}

/** Every write the function sent into `namespace`, batch by batch in the order they arrived. */
export const writesIn = (fn: RunningReconcile, namespace: string): string[] =>
  fn.batches.flatMap((b) => writesOf(b.requests, namespace));
