/**
 * Byte-exact helpers for Go's `encoding/json` output (Go 1.20, the toolchain
 * OpenKruise v1.7 is built with): HTML-safe string escaping, map keys sorted
 * by bytes, and `Compact` of raw JSON. Hashes and pod annotations are compared
 * as strings, so "equal JSON" is not enough.
 */

const HEX = '0123456789abcdef';

const escapeCode = (code: number): string =>
  `\\u${HEX[(code >> 12) & 15]}${HEX[(code >> 8) & 15]}${HEX[(code >> 4) & 15]}${HEX[code & 15]}`;

/** One character as Go's string encoder writes it (escapeHTML on). */
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
      // Lone surrogates are invalid UTF-8 in Go: written as U+FFFD.
      if (code >= 0xd800 && code <= 0xdfff && ch.length === 1) return '\\ufffd';
      return code < 0x20 ? escapeCode(code) : ch;
    }
  }
}

/** A JSON string literal exactly as Go's json.Marshal writes it. */
export function goString(value: string): string {
  let out = '"';
  for (const ch of value) out += escapeChar(ch);
  return `${out}"`;
}

/** Go sorts map keys by their UTF-8 bytes, not by UTF-16 code units. */
export const compareGoKeys = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * json.Marshal of a plain JSON value whose objects are Go maps (keys sorted).
 * Numbers are written as JavaScript prints them, which matches Go for the
 * integers used here.
 */
export function goMarshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goMarshal).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    compareGoKeys(a, b),
  );
  return `{${entries.map(([k, v]) => `${goString(k)}:${goMarshal(v)}`).join(',')}}`;
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
          : ch;
      continue;
    }
    if (isSpace(ch)) continue;
    if (ch === '"') inString = true;
    out += ch;
  }
  return out;
}
