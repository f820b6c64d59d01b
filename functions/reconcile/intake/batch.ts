/**
 * What one invocation was asked: the objects its events named (with the
 * records that named nothing, and why), or a resync of everything.
 */
import type { ObjectRef } from '../controller.js';
import { auditItems, refOfAuditRecord } from './audit.js';

export interface Skipped {
  /** Where in the input, e.g. `items.3` or `awslogs.data.logEvents.0.message`. */
  readonly at: string;
  readonly reason: string;
  /** Not an event at all (bad JSON, wrong shape), rather than an event that names nothing. */
  readonly malformed?: true;
}

export type Batch =
  | {
      readonly kind: 'refs';
      readonly refs: readonly ObjectRef[];
      readonly skipped: readonly Skipped[];
    }
  | { readonly kind: 'resync' };

/** The objects an audit EventList names; `error` when the envelope is not one. */
export function auditBatch(body: unknown): Batch | { readonly error: string } {
  const envelope = auditItems(body);
  if ('error' in envelope) return envelope;
  const refs: ObjectRef[] = [];
  const skipped: Skipped[] = [];
  envelope.items.forEach((item, i) => {
    const result = refOfAuditRecord(item);
    if ('ref' in result) refs.push(result.ref);
    else
      skipped.push({
        at: `items.${i}`,
        reason: result.skip,
        ...(result.malformed && { malformed: true }),
      });
  });
  return { kind: 'refs', refs, skipped };
}
