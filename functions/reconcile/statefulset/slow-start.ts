/**
 * slowStartBatch (`kruise@v1.7.4:pkg/controller/statefulset/stateful_set_control.go`):
 * runs `items` in batches of 1, 2, 4, … (at most MAX_BATCH_SIZE at once, the
 * "realistic value for maximum in-flight requests" OpenKruise picks), each
 * batch all at once; a batch with a failure is the last. The successes
 * counted, and the failures of that last batch (empty: all ran).
 */
export const MAX_BATCH_SIZE = 500;

export interface SlowStartResult {
  readonly successes: number;
  readonly errors: readonly unknown[];
}

/** The batch sizes slowStartBatch takes for `n` items: 1, 2, 4, …, capped, the last one what is left. */
export function slowStartSizes(n: number, initial = 1, max = MAX_BATCH_SIZE): number[] {
  const sizes: number[] = [];
  let remaining = n;
  for (let size = Math.min(remaining, initial); size > 0;) {
    sizes.push(size);
    remaining -= size;
    size = Math.min(2 * size, remaining, max);
  }
  return sizes;
}

export async function slowStartBatch<T>(
  items: readonly T[],
  run: (item: T) => Promise<void>,
  max = MAX_BATCH_SIZE,
): Promise<SlowStartResult> {
  let successes = 0;
  let next = 0;
  for (const size of slowStartSizes(items.length, 1, max)) {
    const batch = items.slice(next, next + size);
    next += size;
    const settled = await Promise.allSettled(batch.map(run));
    const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    successes += size - errors.length;
    if (errors.length > 0) return { successes, errors };
  }
  return { successes, errors: [] };
}
