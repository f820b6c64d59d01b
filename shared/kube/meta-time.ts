/**
 * metav1.Time on the wire: RFC 3339 in UTC with whole seconds (apimachinery
 * marshals `Time` with `time.RFC3339`, so sub-second parts never reach the
 * API), and back to milliseconds for the elapsed-time rules of controllers.
 */

/** `2025-04-10T06:22:26Z` for `at`, its milliseconds dropped as metav1.Time drops them. */
export const metaTime = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Milliseconds since the epoch of a metav1.Time; an absent one is Go's zero
 * time, which is earlier than any real one (epoch 0 keeps every "time since"
 * comparison the same way round).
 */
export function metaTimeMs(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}
