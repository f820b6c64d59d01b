/**
 * Go's strconv.Quote, which `%q` and `%#v` of a string also print: a
 * double-quoted string with `\a \b \f \n \r \t \v \" \\` escaped, other
 * non-printable runes as `\xNN` (below U+0080), `\uNNNN` or `\UNNNNNNNN`.
 * A lone surrogate is U+FFFD in Go (utf8.ts), which is printable.
 */
import { isGoPrint } from './unicode.js';

const SHORT: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

/** Printable ASCII without `"` and `\`: quoted as it is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

function quoteRune(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const short = SHORT[cp];
  if (short !== undefined) return short;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  if (isGoPrint(cp)) return ch;
  if (cp < 0x80) return `\\x${hex(cp, 2)}`;
  return cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
}

/** strconv.Quote(s). */
export function goQuote(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) out += quoteRune(ch);
  return `${out}"`;
}
