/**
 * OpenKruise's SidecarSetUpgradeSpec (one entry of the pod hash annotations)
 * and a decoder that accepts exactly what Go's json.Unmarshal into
 * `map[string]SidecarSetUpgradeSpec` accepts: field names matched
 * case-insensitively, `null` as zero value, RFC 3339 timestamps.
 */
import { goJsonSyntaxError } from '../go/json-syntax.js';
import { isJsonObject } from '../json.js';

export interface SidecarSetUpgradeSpec {
  /** RFC 3339 UTC seconds; null for the zero time (marshalled as `null`). */
  readonly updateTimestamp: string | null;
  readonly hash: string;
  readonly sidecarSetName: string;
  /** null for a nil list (legacy entries), else the sorted container names. */
  readonly sidecarList: readonly string[] | null;
  /** '' is omitted when marshalled. */
  readonly controllerRevision: string;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/** Go's zero time.Time, 0001-01-01T00:00:00Z, which metav1.Time marshals as null. */
const ZERO_TIME_MS = utcMillis(1, 1, 1, 0, 0, 0);

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * time.Parse(time.RFC3339, s) re-marshalled by metav1.Time (UTC, seconds),
 * null for the zero instant, undefined when Go would reject it.
 */
export function normalizeTimestamp(value: string): string | null | undefined {
  const m = RFC3339.exec(value);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth =
    new Date(Date.UTC(2000, mo, 0)).getUTCDate() - (mo === 2 && !isLeap(y) ? 1 : 0);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59)
    return undefined;
  let ms = utcMillis(y, mo, d, h, mi, s);
  if (m[7] !== 'Z') {
    const offH = Number(m[9]);
    const offM = Number(m[10]);
    if (offH > 23 || offM > 59) return undefined;
    ms -= (m[8] === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
  }
  if (ms === ZERO_TIME_MS) return null;
  const t = new Date(ms);
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}` +
    `T${pad(t.getUTCHours(), 2)}:${pad(t.getUTCMinutes(), 2)}:${pad(t.getUTCSeconds(), 2)}Z`
  );
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

type Field = 'updateTimestamp' | 'hash' | 'sidecarSetName' | 'sidecarList' | 'controllerRevision';
const FIELDS: readonly Field[] = [
  'updateTimestamp',
  'hash',
  'sidecarSetName',
  'sidecarList',
  'controllerRevision',
];

/** Go matches an exact field name first, then one equal under case folding. */
const fieldOf = (key: string): Field | undefined =>
  FIELDS.find((f) => f === key) ?? FIELDS.find((f) => f.toLowerCase() === key.toLowerCase());

function decodeSpec(value: unknown): SidecarSetUpgradeSpec | undefined {
  const spec: { -readonly [K in keyof SidecarSetUpgradeSpec]: SidecarSetUpgradeSpec[K] } = {
    updateTimestamp: null,
    hash: '',
    sidecarSetName: '',
    sidecarList: null,
    controllerRevision: '',
  };
  if (value === null) return spec;
  if (!isJsonObject(value)) return undefined;
  for (const [key, v] of Object.entries(value)) {
    const field = fieldOf(key);
    if (field === undefined || v === null) {
      if (field === 'updateTimestamp' || field === 'sidecarList') spec[field] = null;
      continue;
    }
    if (field === 'updateTimestamp') {
      const ts = typeof v === 'string' ? normalizeTimestamp(v) : undefined;
      if (ts === undefined) return undefined;
      spec.updateTimestamp = ts;
    } else if (field === 'sidecarList') {
      if (!Array.isArray(v) || !v.every((n) => typeof n === 'string' || n === null))
        return undefined;
      spec.sidecarList = v.map((n: string | null) => n ?? '');
    } else {
      if (typeof v !== 'string') return undefined;
      spec[field] = v;
    }
  }
  return spec;
}

/** The decoded map, or undefined when Go's json.Unmarshal would fail. A `null` document is an empty map. */
export function parseUpgradeSpecMap(
  text: string,
): Record<string, SidecarSetUpgradeSpec> | undefined {
  if (goJsonSyntaxError(text) !== undefined) return undefined;
  const doc: unknown = JSON.parse(text);
  if (doc === null) return {};
  if (!isJsonObject(doc)) return undefined;
  const specs: Record<string, SidecarSetUpgradeSpec> = {};
  for (const [name, value] of Object.entries(doc)) {
    const spec = decodeSpec(value);
    if (spec === undefined) return undefined;
    specs[name] = spec;
  }
  return specs;
}
