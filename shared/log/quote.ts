/**
 * String rendering of klog's text format: Go's `strconv.Quote` for single-line values, and
 * klog's indented `<` … ` >` block for values holding line breaks.
 */

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
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

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** Go's `strconv.Quote`. A lone UTF-16 surrogate (invalid in Go) becomes `\ufffd`. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const short = SHORT_ESCAPES[code];
    if (short !== undefined) out += short;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else if (PRINTABLE.test(char)) out += char;
    else if (code < 0x80) out += `\\x${hex(code, 2)}`;
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

/**
 * A string value as klog's text format writes it after `key=`: quoted when it is one line,
 * otherwise each line on its own, tab-indented, closed by ` >`.
 */
export function klogString(value: string): string {
  if (!value.includes('\n')) return goQuote(value);
  const lines = value.split('\n');
  const last = lines.pop() ?? '';
  const body = lines.map((line) => `\t${line}\n`).join('');
  return last === '' ? `<\n${body} >` : `<\n${body}\t${last}\n >`;
}
