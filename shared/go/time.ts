/**
 * metav1.Time as OpenKruise decodes and prints it. It decodes a JSON string
 * with time.Parse(time.RFC3339, s) (Go 1.20: a hand-written fast path, else
 * the general layout parser, whose errors are the ones users see), and
 * prints with time.Time.String(), `2006-01-02 15:04:05.999999999 -0700 MST`,
 * in Local. OpenKruise's manager image sets no time zone, so Local is UTC
 * there and every time prints as `… +0000 UTC`.
 */
import { goBytes } from './utf8.js';

const LAYOUT = '2006-01-02T15:04:05Z07:00';

/** The fields of a parsed time: the wall clock and its zone offset in seconds. */
interface GoTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly seconds: number;
  /** Fraction digits as written, at most nine (Go drops the rest). */
  readonly fraction: string;
  readonly offset: number;
}

/** The time package's own quote: ASCII kept (`"`, `\` escaped), other bytes as `\xNN`. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp >= 0x80) {
      for (const b of goBytes(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

class ParseError {
  constructor(readonly message: string) {}
}

const cannotParse = (value: string, valueElem: string, layoutElem: string): ParseError =>
  new ParseError(
    `parsing time ${timeQuote(value)} as ${timeQuote(LAYOUT)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`,
  );
const outOfRange = (value: string, what: string): ParseError =>
  new ParseError(`parsing time ${timeQuote(value)}: ${what}`);

const isDigit = (s: string, i: number): boolean => s[i] !== undefined && s[i] >= '0' && s[i] <= '9';
const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (m: number, y: number): number =>
  m === 2 ? (isLeap(y) ? 29 : 28) : ([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0);

/** time.Parse(time.RFC3339, value), walking the layout chunk by chunk as Go's parser does. */
function parse(value: string): GoTime {
  let rest = value;
  /** Go's getnum: one or two digits (two when `fixed`). */
  const num = (layoutElem: string, fixed: boolean): number => {
    if (!isDigit(rest, 0) || (fixed && !isDigit(rest, 1)))
      throw cannotParse(value, rest, layoutElem);
    const two = isDigit(rest, 1);
    const n = two ? digit(rest, 0) * 10 + digit(rest, 1) : digit(rest, 0);
    rest = rest.slice(two ? 2 : 1);
    return n;
  };
  const skip = (literal: string): void => {
    if (rest[0] !== literal) throw cannotParse(value, rest, literal);
    rest = rest.slice(1);
  };
  if (!/^[0-9]{4}/.test(rest)) throw cannotParse(value, rest, '2006');
  const year = Number(rest.slice(0, 4));
  rest = rest.slice(4);
  skip('-');
  const month = num('01', true);
  if (month < 1 || month > 12) throw outOfRange(value, 'month out of range');
  skip('-');
  const day = num('02', true);
  skip('T');
  const hour = num('15', false);
  if (hour >= 24) throw outOfRange(value, 'hour out of range');
  skip(':');
  const minute = num('04', true);
  if (minute >= 60) throw outOfRange(value, 'minute out of range');
  skip(':');
  const second = num('05', true);
  if (second >= 60) throw outOfRange(value, 'second out of range');
  let fraction = '';
  const frac = /^[.,]([0-9]+)/.exec(rest);
  if (frac !== null) {
    fraction = (frac[1] ?? '').slice(0, 9);
    rest = rest.slice(frac[0].length);
  }
  let offset = 0;
  if (rest[0] === 'Z') rest = rest.slice(1);
  else {
    const zone = /^([+-])([0-9]{2}):([0-9]{2})/.exec(rest);
    if (zone === null) throw cannotParse(value, rest, 'Z07:00');
    offset = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 3600 + Number(zone[3]) * 60);
    rest = rest.slice(6);
  }
  if (rest !== '') throw outOfRange(value, `extra text: ${timeQuote(rest)}`);
  if (day < 1 || day > daysIn(month, year)) throw outOfRange(value, 'day out of range');
  return { year, month, day, seconds: hour * 3600 + minute * 60 + second, fraction, offset };
}

/** The error metav1.Time's UnmarshalJSON returns for the string `s`; undefined when it decodes. */
export function goTimeParseError(s: string): string | undefined {
  try {
    parse(s);
    return undefined;
  } catch (err) {
    if (err instanceof ParseError) return err.message;
    throw err;
  }
}

const DAY_S = 86_400;

/** Days from 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The date of a day count from 1970-01-01 (Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - Math.floor((153 * mp + 2) / 5) + 1];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The String() of the metav1.Time decoded from `s`, in UTC. A text Go does
 * not decode (goTimeParseError) is returned as it is: no decoded object
 * holds one.
 */
export function goTimeString(s: string): string {
  let t: GoTime;
  try {
    t = parse(s);
  } catch (err) {
    if (err instanceof ParseError) return s;
    throw err;
  }
  const seconds = daysFromCivil(t.year, t.month, t.day) * DAY_S + t.seconds - t.offset;
  const days = Math.floor(seconds / DAY_S);
  const rest = seconds - days * DAY_S;
  const [year, month, day] = civilFromDays(days);
  const clock = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  // Go prints the nanoseconds without trailing zeros, and none when zero.
  const fraction = t.fraction.replace(/0+$/, '');
  return `${pad(year, 4)}-${pad(month)}-${pad(day)} ${clock}${fraction && `.${fraction}`} +0000 UTC`;
}
