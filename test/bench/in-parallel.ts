/** Runs `step(0)` … `step(count - 1)` with at most `limit` at once; rejects with the first failure. */
export async function inParallel(
  count: number,
  limit: number,
  step: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await step(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
