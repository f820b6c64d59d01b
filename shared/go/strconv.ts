/** Go's strconv parsers OpenKruise's messages come from, with their exact error texts. */
import { goQuote } from './quote.js';

export type ParseResult<T> = { readonly value: T } | { readonly error: string };

const MAX_UINT64 = 2n ** 64n - 1n;
const INT64_CUTOFF = 2n ** 63n;

const syntaxError = (fn: string, s: string) => ({
  error: `strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`,
});
const rangeError = (fn: string, s: string) => ({
  error: `strconv.${fn}: parsing ${goQuote(s)}: value out of range`,
});
const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';

/**
 * strconv.Atoi(s) on a 64-bit platform, the value as a bigint so that no
 * digit is lost. Like Go, a value past uint64 is out of range even if an
 * invalid character follows (ParseUint stops at the overflow).
 */
export function goAtoi(s: string): ParseResult<bigint> {
  const negative = s.startsWith('-');
  const digits = negative || s.startsWith('+') ? s.slice(1) : s;
  if (digits === '') return syntaxError('Atoi', s);
  let n = 0n;
  for (const ch of digits) {
    if (!isDigit(ch)) return syntaxError('Atoi', s);
    n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (n > MAX_UINT64) return rangeError('Atoi', s);
  }
  if ((!negative && n >= INT64_CUTOFF) || (negative && n > INT64_CUTOFF)) {
    return rangeError('Atoi', s);
  }
  return { value: negative ? -n : n };
}

const BOOLS: Readonly<Record<string, boolean>> = {
  '1': true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

/** strconv.ParseBool(s). */
export function goParseBool(s: string): ParseResult<boolean> {
  const value = Object.hasOwn(BOOLS, s) ? BOOLS[s] : undefined;
  return value === undefined ? syntaxError('ParseBool', s) : { value };
}
