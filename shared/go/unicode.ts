/**
 * Go's strconv.IsPrint and unicode.IsSpace, from Go's own tables rather than
 * the JavaScript engine's: Node 20 knows Unicode 17, while the Go that builds
 * OpenKruise v1.7.4 (1.20.14) knows 13.0, so a code point assigned since is
 * printable here and escaped there.
 */
import { PRINT_RANGES } from './print-ranges.js';

const starts: number[] = [];
const ends: number[] = [];
let next = 0;
for (const pair of PRINT_RANGES.split(',')) {
  const [gap = '', length = ''] = pair.split('.');
  const start = next + parseInt(gap, 36);
  next = start + parseInt(length, 36);
  starts.push(start);
  ends.push(next - 1);
}

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020 (Unicode 13.0). */
export function isGoPrint(cp: number): boolean {
  if (cp < 0x7f) return cp >= 0x20;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < (starts[mid] ?? 0)) hi = mid - 1;
    else if (cp > (ends[mid] ?? 0)) lo = mid + 1;
    else return true;
  }
  return false;
}

/** unicode.IsSpace: White_Space, which for U+0085 differs from String.prototype.trim (and U+FEFF). */
export const isGoSpace = (cp: number): boolean =>
  (cp >= 0x09 && cp <= 0x0d) ||
  cp === 0x20 ||
  cp === 0x85 ||
  cp === 0xa0 ||
  cp === 0x1680 ||
  (cp >= 0x2000 && cp <= 0x200a) ||
  cp === 0x2028 ||
  cp === 0x2029 ||
  cp === 0x202f ||
  cp === 0x205f ||
  cp === 0x3000;

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}
