/**
 * Go's encoding/json output, byte for byte, as Go 1.20 (OpenKruise v1.7.4's
 * toolchain) writes it: HTML-safe string escapes, map keys sorted by their
 * bytes, float64 numbers as ES6 prints them except -0, and `Compact` of raw
 * JSON. SidecarSet hashes and pod annotations are compared as strings, so
 * "equal JSON" is not enough.
 */
import { compareGoStrings } from './utf8.js';

const HEX = '0123456789abcdef';

const escapeCode = (code: number): string =>
  `\\u${HEX[(code >> 12) & 15]}${HEX[(code >> 8) & 15]}${HEX[(code >> 4) & 15]}${HEX[code & 15]}`;

/** Printable ASCII that needs no escape (`"`, `\`, `<`, `>`, `&` do). */
const PLAIN = /^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7f]*$/;

/** One UTF-16 unit (or pair) as Go's string encoder writes it (escapeHTML on). */
function escapeChar(ch: string): string {
  switch (ch) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '<':
    case '>':
    case '&':
    case '\u2028':
    case '\u2029':
      return escapeCode(ch.charCodeAt(0));
    default: {
      const code = ch.charCodeAt(0);
      if (code < 0x20) return escapeCode(code);
      // A lone surrogate is U+FFFD in Go (utf8.ts), which Go writes as it is.
      return code >= 0xd800 && code <= 0xdfff && ch.length === 1 ? '\ufffd' : ch;
    }
  }
}

/** A JSON string literal exactly as Go's json.Marshal writes it. */
export function goJsonString(value: string): string {
  if (PLAIN.test(value)) return `"${value}"`;
  let out = '"';
  for (const ch of value) out += escapeChar(ch);
  return `${out}"`;
}

/** Go sorts map keys by their UTF-8 bytes, not by UTF-16 code units. */
export const compareGoKeys = compareGoStrings;

/**
 * A float64 as encoding/json writes it: like ES6 Number-to-string (Go picks
 * 'e' below 1e-6 and from 1e21, as JavaScript does, and trims `e-07` to
 * `e-7`), except that Go keeps the sign of -0.
 */
export const goJsonNumber = (n: number): string => (Object.is(n, -0) ? '-0' : JSON.stringify(n));

/**
 * json.Marshal of a decoded JSON value as Go holds it in an interface{}:
 * objects are maps (keys sorted), numbers float64.
 */
export function goMarshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return goJsonNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goMarshal).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    compareGoKeys(a, b),
  );
  return `{${entries.map(([k, v]) => `${goJsonString(k)}:${goMarshal(v)}`).join(',')}}`;
}

const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

/**
 * json.Compact with HTML escaping, as encoding/json applies it to a
 * json.RawMessage: drops insignificant whitespace, escapes `<>&` and
 * U+2028/U+2029, keeps every other byte (escapes, number spelling) as written.
 * The input must be valid JSON.
 */
export function goCompact(raw: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (const ch of raw) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      out +=
        ch === '<' || ch === '>' || ch === '&' || ch === '\u2028' || ch === '\u2029'
          ? escapeCode(ch.charCodeAt(0))
          : ch.length === 1 && ch >= '\ud800' && ch <= '\udfff'
            ? '\ufffd'
            : ch;
      continue;
    }
    if (isSpace(ch)) continue;
    if (ch === '"') inString = true;
    out += ch;
  }
  return out;
}
