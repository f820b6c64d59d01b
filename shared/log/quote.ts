/**
 * String rendering of klog's text format: Go's `strconv.Quote` (shared/go)
 * for single-line values, and klog's indented `<` … ` >` block for values
 * holding line breaks (klog/v2 textlogger, `writeStringValue`).
 */
import { goQuote } from '../go/quote.js';

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
