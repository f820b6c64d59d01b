/** Go's strconv.Atoi (64-bit int) with its exact error texts. */
import { goQuote } from '../../../shared/sidecarset/go-quote.js';

const MAX_UINT64 = 2n ** 64n - 1n;
const INT64_CUTOFF = 2n ** 63n;

export type AtoiResult = { readonly value: bigint } | { readonly error: string };

const syntaxError = (s: string): AtoiResult => ({
  error: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`,
});
const rangeError = (s: string): AtoiResult => ({
  error: `strconv.Atoi: parsing ${goQuote(s)}: value out of range`,
});
const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';

/** `strconv.Atoi(s)` on a 64-bit platform; the value as bigint so no digit is lost. */
export function atoi(s: string): AtoiResult {
  const negative = s.startsWith('-');
  const digits = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s;
  const byteLength = Buffer.byteLength(s, 'utf8');
  if (byteLength > 0 && byteLength < 19) {
    // Fast path: no overflow possible below 19 bytes.
    if (digits === '' || ![...digits].every(isDigit)) return syntaxError(s);
    const value = BigInt(digits);
    return { value: negative ? -value : value };
  }
  if (digits === '') return syntaxError(s);
  let n = 0n;
  for (const ch of digits) {
    if (!isDigit(ch)) return syntaxError(s);
    n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (n > MAX_UINT64) return rangeError(s);
  }
  if ((!negative && n >= INT64_CUTOFF) || (negative && n > INT64_CUTOFF)) return rangeError(s);
  return { value: negative ? -n : n };
}
