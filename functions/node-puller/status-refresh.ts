/**
 * When the daemon sends an unchanged NodeImage status again, as OpenKruise
 * v1.7.4's daemon does (pkg/daemon/imagepuller: the controller syncs an idle
 * NodeImage every 20–30 min, and `statusUpdater.updateStatus` writes a status
 * equal to the last one it wrote only once 12 h plus up to 60 min have passed
 * since its last write, so a status lost or overwritten meanwhile comes back).
 * Pure: the clock and the random draw are passed in.
 */
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The wait until the next periodic check: 20 min plus up to 10 min (`random` in [0, 1)). */
export const resyncDelayMs = (random: number): number =>
  20 * MINUTE_MS + Math.floor(random * 10 * MINUTE_MS);

/** How long an unchanged status is not sent again: 12 h plus up to 60 min. */
export const refreshAfterMs = (random: number): number =>
  12 * HOUR_MS + Math.floor(random * HOUR_MS);

/**
 * Whether `changed`/unchanged status is to be written now: a changed one
 * always; an unchanged one when nothing was written yet or its refresh
 * period has passed since the last write.
 */
export function statusWriteDue(
  changed: boolean,
  lastWriteAt: number | undefined,
  now: number,
  random: number,
): boolean {
  if (changed || lastWriteAt === undefined) return true;
  return now - lastWriteAt >= refreshAfterMs(random);
}
