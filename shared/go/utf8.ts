/**
 * How a JavaScript string stands for a Go string. Every string kruise-fn
 * formats came out of a JSON document that OpenKruise decodes too, and Go's
 * JSON decoder turns a lone-surrogate escape (`"\ud800"`) into U+FFFD. So a
 * JS string means its UTF-8 encoding with each lone surrogate replaced by
 * U+FFFD, which is what `Buffer.from(s, 'utf8')` and TextEncoder produce.
 * Go strings hold no invalid UTF-8 after JSON decoding; invalid bytes exist
 * only in a request body, read by goStringFromBytes as Go reads them.
 */

/** The bytes of the Go string `s` stands for. */
export const goBytes = (s: string): Buffer => Buffer.from(s, 'utf8');

/** `s` with each lone surrogate replaced by U+FFFD: the same Go string, well-formed. */
export const wellFormed = (s: string): string =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/**
 * Go orders strings by their bytes, so map keys sort by UTF-8 (code point
 * order), not by UTF-16 code units as Array.prototype.sort does.
 */
export const compareGoStrings = (a: string, b: string): number =>
  a === b ? 0 : Buffer.compare(goBytes(a), goBytes(b));

/**
 * Bytes as Go's JSON decoder reads them into a string: valid UTF-8 kept, one
 * U+FFFD for every byte that does not start a valid sequence (`utf8.DecodeRune`
 * width 1). Node's decoder writes one U+FFFD per maximal invalid subpart
 * instead (`e2 80` is one there, two in Go), so it is only the fast path.
 */
export function goStringFromBytes(bytes: Uint8Array): string {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = view.toString('utf8');
  if (!text.includes('\ufffd')) return text;
  let out = '';
  let start = 0;
  let i = 0;
  while (i < view.length) {
    const width = sequenceWidth(view, i);
    if (width > 0) {
      i += width;
      continue;
    }
    out += `${view.toString('utf8', start, i)}\ufffd`;
    start = ++i;
  }
  return out + view.toString('utf8', start, i);
}

const isCont = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/** Width of the valid UTF-8 sequence at `i` (Go's utf8.DecodeRune rules), 0 when invalid. */
function sequenceWidth(bytes: Uint8Array, i: number): number {
  const b = bytes[i] ?? 0;
  if (b < 0x80) return 1;
  const b1 = bytes[i + 1];
  if (b >= 0xc2 && b <= 0xdf) return isCont(b1) ? 2 : 0;
  // Second-byte ranges exclude overlong forms, surrogates and code points above U+10FFFF.
  const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
  const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
  if (b1 === undefined || b1 < lo || b1 > hi) return 0;
  if (b >= 0xe0 && b <= 0xef) return isCont(bytes[i + 2]) ? 3 : 0;
  if (b >= 0xf0 && b <= 0xf4) return isCont(bytes[i + 2]) && isCont(bytes[i + 3]) ? 4 : 0;
  return 0;
}
