/** Go's strconv.Quote, used where OpenKruise embeds a quoted value in a message. */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const CONTROL_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

const hex = (code: number, width: number): string => code.toString(16).padStart(width, '0');

function quoteRune(ch: string): string {
  if (ch === '"' || ch === '\\') return `\\${ch}`;
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0xd800 && code <= 0xdfff) return '\\ufffd';
  if (PRINTABLE.test(ch)) return ch;
  const named = CONTROL_ESCAPES[ch];
  if (named !== undefined) return named;
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
  return code > 0xffff ? `\\U${hex(code, 8)}` : `\\u${hex(code, 4)}`;
}

/** `strconv.Quote(s)`: double-quoted, Go escapes for non-printable runes. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) out += quoteRune(ch);
  return `${out}"`;
}
