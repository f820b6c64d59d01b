/**
 * Go's time.Duration text: `time.ParseDuration` (as metav1.Duration reads
 * `cacheDuration: "12h"`) and `Duration.String()` (as field errors print a
 * duration). Durations are kept as nanoseconds in a bigint, Go's int64.
 */

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5
  μs: 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX = (1n << 63n) - 1n;

/** time.ParseDuration; undefined where Go returns an error. */
export function parseGoDuration(s: string): bigint | undefined {
  let rest = s;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = m?.[1] ?? '';
    const frac = m?.[2];
    if (whole === '' && (frac === undefined || frac === '')) return undefined;
    rest = rest.slice(m?.[0].length ?? 0);
    const unit = /^[^\d.]+/.exec(rest)?.[0];
    if (unit === undefined) return undefined;
    const scale = UNITS[unit];
    if (scale === undefined) return undefined;
    rest = rest.slice(unit.length);
    let value = BigInt(whole === '' ? '0' : whole) * scale;
    if (frac !== undefined && frac !== '') {
      // Go keeps the fraction's digits as far as they fit, then truncates.
      value += (BigInt(frac) * scale) / 10n ** BigInt(frac.length);
    }
    total += value;
    if (total > MAX + (negative ? 1n : 0n)) return undefined;
  }
  return negative ? -total : total;
}

function fraction(v: bigint, digits: number): string {
  const text = v.toString().padStart(digits, '0');
  const trimmed = text.replace(/0+$/, '');
  return trimmed === '' ? '' : `.${trimmed}`;
}

/** time.Duration.String() */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  const u = ns < 0n ? -ns : ns;
  if (u < 1_000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${u / 1_000n}${fraction(u % 1_000n, 3)}µs`;
  if (u < 1_000_000_000n) return `${sign}${u / 1_000_000n}${fraction(u % 1_000_000n, 6)}ms`;
  const secs = u / 1_000_000_000n;
  const frac = fraction(u % 1_000_000_000n, 9);
  const h = secs / 3600n;
  const m = (secs % 3600n) / 60n;
  const s = secs % 60n;
  if (h > 0n) return `${sign}${h}h${m}m${s}${frac}s`;
  if (m > 0n) return `${sign}${m}m${s}${frac}s`;
  return `${sign}${s}${frac}s`;
}
