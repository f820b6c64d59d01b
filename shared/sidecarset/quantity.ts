/**
 * apimachinery's resource.Quantity (k8s.io/apimachinery v0.28 `ParseQuantity`,
 * `UnmarshalJSON`, `MarshalJSON`): the error a text decodes with, and the
 * string a quantity marshals to, so container resources hash as they do in
 * OpenKruise: `0.5` → `500m`, `1024Mi` → `1Gi`, `1000` → `1k`, while a string
 * already in canonical form is kept verbatim.
 */
import { goTrimSpace } from '../go/unicode.js';

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

interface Parsed {
  readonly positive: boolean;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const MAX_INT64 = 2n ** 63n - 1n;
const QUANTITY = /^([+-]?)0*([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

function parse(str: string): Parsed | undefined {
  const m = QUANTITY.exec(str);
  if (m === null) return undefined;
  // Go reads a missing numerator ("m", ".5") as 0.
  return { positive: m[1] !== '-', num: m[2] || '0', denom: m[3] ?? '', suffix: m[4] ?? '' };
}

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

function interpret(suffix: string): { base: 2 | 10; exponent: number; format: Format } | undefined {
  const dec = Object.hasOwn(DECIMAL_SUFFIXES, suffix) ? DECIMAL_SUFFIXES[suffix] : undefined;
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = Object.hasOwn(BINARY_SUFFIXES, suffix) ? BINARY_SUFFIXES[suffix] : undefined;
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  const digits = suffix.slice(1);
  if (
    suffix.length > 1 &&
    (suffix[0] === 'e' || suffix[0] === 'E') &&
    /^[-+]?[0-9]+$/.test(digits)
  ) {
    // strconv.ParseInt(…, 10, 64), then int32(parsed): a wider exponent wraps as in Go.
    const parsed = BigInt(digits);
    if (parsed < INT64.min || parsed > INT64.max) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';

/**
 * Texts ParseQuantity surely accepts (digits first, one known suffix or a
 * short exponent): the cheap check in front of the decode, a subset of what
 * Go accepts; anything else is parsed exactly.
 */
export const PLAIN_QUANTITY_PATTERN =
  '^[+-]?[0-9]+(\\.[0-9]*)?([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]{1,9})?$';

/** Whether ParseQuantity takes its int64 fast path (else it parses the number with inf.Dec). */
function fastPath(p: Parsed, exponent: number, format: Format): boolean {
  let precision: number;
  if (format !== 'BinarySI') precision = 18 - (p.num.length + p.denom.length);
  else if (exponent >= 0 && p.denom === '') {
    precision = 15 - p.num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else precision = -1;
  // int32 arithmetic, as in Go.
  const scale = ((format === 'BinarySI' ? 0 : exponent) - p.denom.length) | 0;
  return precision >= 0 && scale >= -9;
}

/** The error resource.ParseQuantity(str) returns; undefined when it parses. */
export function parseQuantityError(str: string): string | undefined {
  if (str === '') return QUANTITY_FORMAT_ERROR;
  if (str === '0') return undefined;
  const p = parse(str);
  if (p === undefined) return QUANTITY_FORMAT_ERROR;
  const meaning = interpret(p.suffix);
  if (meaning === undefined) return QUANTITY_SUFFIX_ERROR;
  // inf.Dec needs a digit: `.e-10` has none, and its scale is below the fast path's.
  const number = str.slice(0, str.length - p.suffix.length);
  if (!/[0-9]/.test(number) && !fastPath(p, meaning.exponent, meaning.format)) {
    return QUANTITY_NUMERIC_ERROR;
  }
  return undefined;
}

/**
 * The error Quantity.UnmarshalJSON returns for a decoded JSON value; undefined
 * when it decodes. Go parses the value's text as it is in the request (a
 * string's quotes stripped, escapes not undone), trimmed; the request is
 * taken to be encoded as JSON.stringify encodes it.
 */
export function quantityDecodeError(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = JSON.stringify(value);
  const raw = typeof value === 'string' ? text.slice(1, -1) : text;
  return parseQuantityError(goTrimSpace(raw));
}

/** Go keeps the caller's string when it is already canonical (fast path of ParseQuantity). */
function keepsString(p: Parsed, base: 2 | 10, exponent: number, format: Format): boolean {
  let scale = format === 'BinarySI' ? 0 : exponent;
  let precision: number;
  let mantissa = 1n;
  if (format !== 'BinarySI') precision = 18 - (p.num.length + p.denom.length);
  else if (exponent >= 0 && p.denom === '') {
    mantissa = 1n << BigInt(exponent);
    precision = 15 - p.num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else precision = -1;
  if (precision < 0) return false;
  scale -= p.denom.length;
  if (scale < -9) return false;
  const shifted = p.num + p.denom;
  const value = BigInt(shifted);
  if (value > MAX_INT64 || value * mantissa > MAX_INT64) return false;
  if (base === 2) return exponent % 10 === 0 && (value & 7n) !== 0n;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

const abs = (v: bigint): bigint => (v < 0n ? -v : v);

function removeFactors(value: bigint, base: bigint): { amount: bigint; times: number } {
  let amount = value;
  let times = 0;
  while (amount >= base && amount % base === 0n) {
    amount /= base;
    times++;
  }
  return { amount, times };
}

/** Canonical marshalled form of a Quantity given as JSON string or number. */
export function canonicalQuantity(input: unknown): string {
  if (input === null || input === undefined) return '0';
  const str = goTrimSpace(String(input));
  if (str === '0') return str;
  const p = parse(str);
  const meaning = p && interpret(p.suffix);
  if (p === undefined || meaning === undefined) return str;
  const { base, exponent } = meaning;
  let format = meaning.format;
  if (keepsString(p, base, exponent, format)) return str;

  // Exact value = unscaled × 10^exp10 (binary suffixes multiplied in).
  let unscaled = BigInt(p.num + p.denom) * (base === 2 ? 1n << BigInt(exponent) : 1n);
  let exp10 = (base === 10 ? exponent : 0) - p.denom.length;
  if (unscaled !== 0n && exp10 < -9) {
    const divisor = 10n ** BigInt(-9 - exp10);
    unscaled = (unscaled + divisor - 1n) / divisor; // round up, away from zero
    exp10 = -9;
  }
  if (unscaled === 0n) return '0';
  // ParseQuantity caps a BinarySI amount above the int64 maximum, a fraction included.
  const aboveMax =
    exp10 >= 0
      ? unscaled * 10n ** BigInt(exp10) > MAX_INT64
      : unscaled > MAX_INT64 * 10n ** BigInt(-exp10);
  if (format === 'BinarySI' && aboveMax) {
    unscaled = MAX_INT64;
    exp10 = 0;
  }
  const sign = p.positive ? '' : '-';
  if (format === 'BinarySI') {
    const whole = exp10 >= 0 ? unscaled * 10n ** BigInt(exp10) : undefined;
    const exactInt =
      whole ??
      (unscaled % 10n ** BigInt(-exp10) === 0n ? unscaled / 10n ** BigInt(-exp10) : undefined);
    if (exactInt === undefined || abs(exactInt) < 1024n) format = 'DecimalSI';
    else {
      const { amount, times } = removeFactors(exactInt, 1024n);
      const suffix = Object.entries(BINARY_SUFFIXES).find(([, e]) => e === times * 10)?.[0] ?? '';
      return `${sign}${amount}${suffix}`;
    }
  }
  const stripped = removeFactors(unscaled, 10n);
  let amount = stripped.amount;
  let exp = exp10 + stripped.times;
  while (exp % 3 !== 0) {
    amount *= 10n;
    exp--;
  }
  const suffix =
    format === 'DecimalExponent'
      ? exp === 0
        ? ''
        : `e${exp}`
      : (Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exp)?.[0] ?? '');
  return `${sign}${amount}${suffix}`;
}

/**
 * A decoded Quantity as core validation reads it: its exact value
 * (`sign × unscaled × 10^exp10`, rounded up to nano units as ParseQuantity
 * rounds) and Go's `%#v` of the struct (a field error prints a Quantity value
 * so, its String method having a pointer receiver); an inf.Dec pointer shows
 * as `0x…` (maskGoPointers' form).
 */
export interface QuantityAmount {
  readonly negative: boolean;
  readonly unscaled: bigint;
  readonly exp10: number;
  readonly goStruct: string;
  /** How Go holds it: an int64Amount (value × 10^scale) or an inf.Dec (unscaled × 10^-scale). */
  readonly held:
    | { readonly kind: 'int64'; readonly value: bigint; readonly scale: number }
    | { readonly kind: 'dec'; readonly unscaled: bigint; readonly scale: number };
}

const goQuantityStruct = (value: bigint, scale: number, dec: boolean, s: string, format: Format) =>
  `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(${dec ? '0x…' : 'nil'})}, s:${JSON.stringify(s)}, Format:${JSON.stringify(format)}}`;

/** The amount of a Quantity given as decoded JSON (string or number; absent is zero). */
export function quantityAmount(input: unknown): QuantityAmount {
  const zero = {
    negative: false,
    unscaled: 0n,
    exp10: 0,
    held: { kind: 'int64', value: 0n, scale: 0 },
  } as const;
  if (input === null || input === undefined) {
    return { ...zero, goStruct: goQuantityStruct(0n, 0, false, '', 'DecimalSI') };
  }
  const str = goTrimSpace(typeof input === 'string' ? input : JSON.stringify(input));
  const p = str === '0' ? undefined : parse(str);
  const meaning = p && interpret(p.suffix);
  if (p === undefined || meaning === undefined) {
    return {
      ...zero,
      goStruct: goQuantityStruct(0n, 0, false, str === '0' ? '0' : '', 'DecimalSI'),
    };
  }
  const { base, exponent } = meaning;
  let unscaled = BigInt(p.num + p.denom) * (base === 2 ? 1n << BigInt(exponent) : 1n);
  let exp10 = (base === 10 ? exponent : 0) - p.denom.length;
  const fast = fastPath(p, exponent, meaning.format) && unscaled <= MAX_INT64;
  if (unscaled !== 0n && exp10 < -9) {
    const divisor = 10n ** BigInt(-9 - exp10);
    unscaled = (unscaled + divisor - 1n) / divisor;
    exp10 = -9;
  }
  const negative = !p.positive && unscaled !== 0n;
  if (fast) {
    const scale = (meaning.format === 'BinarySI' ? 0 : exponent) - p.denom.length;
    const value = BigInt(p.num + p.denom) * (base === 2 ? 1n << BigInt(exponent) : 1n);
    const s = keepsString(p, base, exponent, meaning.format) ? str : '';
    const signed = p.positive ? value : -value;
    return {
      negative,
      unscaled,
      exp10,
      goStruct: goQuantityStruct(signed, scale, false, s, meaning.format),
      held: { kind: 'int64', value: signed, scale },
    };
  }
  let format = meaning.format;
  const belowOne = exp10 >= 0 ? unscaled === 0n : unscaled < 10n ** BigInt(-exp10) && unscaled > 0n;
  // inf.Dec rounded up to scale 9 (nano), a BinarySI amount capped at the int64 maximum.
  const nanos = unscaled * 10n ** BigInt(exp10 + 9);
  const capped = meaning.format === 'BinarySI' && nanos > MAX_INT64 * 10n ** 9n;
  const held = capped
    ? { kind: 'dec' as const, unscaled: negative ? -MAX_INT64 : MAX_INT64, scale: 0 }
    : { kind: 'dec' as const, unscaled: negative ? -nanos : nanos, scale: 9 };
  if (format === 'BinarySI' && belowOne) format = 'DecimalSI';
  return { negative, unscaled, exp10, goStruct: goQuantityStruct(0n, 0, true, '', format), held };
}

/** Quantity.Cmp: -1, 0 or 1. */
export function compareQuantities(a: QuantityAmount, b: QuantityAmount): number {
  const exp = Math.min(a.exp10, b.exp10);
  const scaled = (q: QuantityAmount) =>
    (q.negative ? -q.unscaled : q.unscaled) * 10n ** BigInt(q.exp10 - exp);
  const d = scaled(a) - scaled(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

const int64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const MIN_INT64 = -(2n ** 63n);

/** negativeScaleInt64: divided by 10^scale, rounded away from zero. */
function negativeScale(base: bigint, scale: number): bigint {
  const d = 10n ** BigInt(scale);
  const q = base / d;
  return base % d === 0n ? q : base < 0n ? q - 1n : q + 1n;
}

/** positiveScaleInt64: multiplied by 10^scale as Go's int64 helpers do (wrapping, or 0). */
function positiveScale(base: bigint, scale: number): bigint {
  if (scale === 0) return base;
  if (scale <= 3 || scale === 6 || scale === 9) {
    if (base === MIN_INT64 && scale <= 3) return 0n;
    if (base === MIN_INT64) return 0n;
    return int64(base * 10n ** BigInt(scale));
  }
  let value = base;
  for (let i = 0; i < scale; i++) {
    const next = int64(value * 10n);
    if (value !== 0n && value !== 1n && next / 10n !== value) return 0n;
    value = next;
  }
  return value;
}

/** Quantity.MilliValue (ScaledValue(Milli)) as Go computes it, overflow included. */
export function milliValue(q: QuantityAmount): bigint {
  const h = q.held;
  if (h.kind === 'int64') {
    return h.scale < -3
      ? negativeScale(h.value, -3 - h.scale)
      : positiveScale(h.value, h.scale + 3);
  }
  // scaledValue(unscaled, scale, 3)
  const dif = h.scale - 3;
  if (dif === 0) return int64(h.unscaled);
  if (dif < 0) return int64(int64(h.unscaled) * 10n ** BigInt(-dif));
  const divisor = 10n ** BigInt(dif);
  if (h.unscaled < MAX_INT64 && dif < 19) {
    const u = int64(h.unscaled);
    return u % divisor !== 0n ? u / divisor + 1n : u / divisor;
  }
  // big.Int DivMod: Euclidean
  let quotient = h.unscaled / divisor;
  let rem = h.unscaled % divisor;
  if (rem < 0n) {
    rem += divisor;
    quotient -= 1n;
  }
  return rem !== 0n ? int64(quotient) + 1n : int64(quotient);
}
