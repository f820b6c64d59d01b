/**
 * Random values of the Go types of the encoding table (shared/api/go-encoding-table.ts),
 * as a user could send them: every field absent, `null`, a zero value or a
 * value, in shuffled key order, with unknown and wrongly-cased keys now and
 * then; strings from a pool of the values that matter (enums, "", HTML and
 * line-separator characters, lone surrogates); quantities in many spellings;
 * RFC 3339 times with offsets and fractions. Every value decodes in Go (the
 * property test checks that too): the table gives each field its Go type.
 */
import { GO_STRUCTS } from '../../shared/api/go-encoding-table.js';

export type Rand = () => number;

/** One field's generator, overriding the table's, keyed `<struct>.<json name>`. */
export type Override = (r: Rand, gen: GoValues) => unknown;

const STRINGS = [
  '',
  '',
  'a',
  'Always',
  'IfNotPresent',
  'TCP',
  'File',
  'v1',
  'metadata.name',
  'limits.cpu',
  'RollingUpdate',
  'InPlaceIfPossible',
  '/dev/termination-log',
  'nginx:1.25',
  'x<y>&z',
  'é\u2028\u2029',
  '\ud800',
  'tab\tline\n',
  '日本',
  '"quoted"\\',
];
const INTS = [0, 0, 1, -1, 2, 10, 30, 80, 420, 65535, 2147483647, -2147483648];
const MAP_KEYS = ['a', 'b', 'app', 'app.kubernetes.io/name', 'é', '\u00e9x', 'Z', '', 'a/b'];
const RESOURCE_NAMES = ['cpu', 'memory', 'ephemeral-storage', 'storage', 'nvidia.com/gpu'];
const DECIMAL_SUFFIXES = ['', '', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E'];
const BINARY_SUFFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const INT_OR_STRINGS = [0, 1, 8080, -1, '50%', '0%', '100%', '80', 'http', ''];
const TIMES = [
  '2024-09-05T10:00:00Z',
  '2024-09-05T10:00:00+02:00',
  '2024-02-29T23:59:59.999999999-07:30',
  '1999-12-31T23:00:00.5Z',
  '0001-01-01T00:00:00Z',
  '2262-04-11T23:47:16Z',
];

const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

/** A Quantity spelling Go parses: sign, digits, fraction, and a suffix or an exponent. */
export function quantitySpelling(r: Rand): string | number {
  if (r() < 0.1) return pick(r, [0, 1, 0.5, 2, 100, 1.5, 0.001]);
  const sign = pick(r, ['', '', '', '-', '+']);
  const whole = pick(r, ['0', '1', '2', '10', '100', '1000', '1024', '1536', '999', '123456789']);
  const fraction = r() < 0.3 ? `.${pick(r, ['0', '5', '25', '125', '001', '000000001', '1'])}` : '';
  const suffix =
    r() < 0.2
      ? pick(r, ['e3', 'E3', 'e-3', 'e0', 'e6', 'E-9', 'e9'])
      : r() < 0.4
        ? pick(r, BINARY_SUFFIXES)
        : pick(r, DECIMAL_SUFFIXES);
  return `${sign}${whole}${fraction}${suffix}`;
}

export class GoValues {
  constructor(
    private readonly r: Rand,
    private readonly overrides: Readonly<Record<string, Override>> = {},
  ) {}

  /** A value of the table type `type` at nesting `depth` (deeper values hold fewer fields). */
  value(type: string, depth = 0): unknown {
    const r = this.r;
    if (type.startsWith('*')) return r() < 0.15 ? null : this.value(type.slice(1), depth);
    if (type.startsWith('[]')) {
      if (r() < 0.1) return null;
      const n = Math.floor(r() * (depth > 4 ? 2 : 3));
      return Array.from({ length: n }, () => this.value(type.slice(2), depth + 1));
    }
    if (type.startsWith('map[string]')) {
      if (r() < 0.1) return null;
      const elem = type.slice('map[string]'.length);
      const keys = elem === 'quantity' ? RESOURCE_NAMES : MAP_KEYS;
      const out: Record<string, unknown> = {};
      for (let n = Math.floor(r() * 4); n > 0; n--)
        out[pick(r, keys)] = this.value(elem, depth + 1);
      return out;
    }
    switch (type) {
      case 'string':
        return pick(r, STRINGS);
      case 'bool':
        return r() < 0.5;
      case 'int':
        return pick(r, INTS);
      case 'quantity':
        return quantitySpelling(r);
      case 'intOrString':
        return pick(r, INT_OR_STRINGS);
      case 'time':
        return r() < 0.1 ? null : pick(r, TIMES);
      case 'raw':
        return pick(r, [
          {},
          { 'f:metadata': { 'f:labels': { '.': {} } } },
          { 'f:spec': { 'k:<x>': {} } },
        ]);
    }
    return this.struct(type, depth);
  }

  /** A struct: each field present with a probability that falls with depth, keys shuffled. */
  struct(name: string, depth = 0): Record<string, unknown> {
    const r = this.r;
    const presence = Math.max(0.08, 0.7 * 0.72 ** depth);
    const entries: [string, unknown][] = [];
    for (const entry of GO_STRUCTS[name] ?? []) {
      const colon = entry.indexOf(':');
      const field = entry.slice(0, colon);
      const type = entry.slice(colon + 1).replace(/,omitempty$/, '');
      const override = this.overrides[`${name}.${field}`];
      if (override !== undefined) {
        const v = override(r, this);
        if (v !== undefined) entries.push([field, v]);
        continue;
      }
      if (r() >= presence) continue;
      entries.push([field, r() < 0.05 ? null : this.value(type, depth + 1)]);
    }
    if (r() < 0.05) entries.push(['x-unknown', pick(r, [1, 'x', { a: [] }])]);
    if (r() < 0.05 && entries.length > 0) {
      const [field, v] = entries[0] as [string, unknown];
      entries.push([field.toUpperCase(), v]);
    }
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
    }
    return Object.fromEntries(entries);
  }
}
