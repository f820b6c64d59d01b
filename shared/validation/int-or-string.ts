/**
 * intstr.IntOrString helpers and their validators (apimachinery v0.28
 * `util/intstr`, kubernetes v1.28 `pkg/apis/apps/validation`).
 */
import { invalid, type ErrorList } from './field-error.js';
import { goQuote } from '../go/quote.js';
import { goRaw, goStruct } from '../go/format.js';
import { isValidPercent } from './names.js';
import { goAtoi } from '../go/strconv.js';

export type IntOrString = number | string;

/** `%#v` of an intstr.IntOrString value. */
export const goIntOrString = (v: IntOrString): string =>
  typeof v === 'number'
    ? goStruct('intstr.IntOrString', [
        ['Type', '0'],
        ['IntVal', String(v)],
        ['StrVal', '""'],
      ])
    : goStruct('intstr.IntOrString', [
        ['Type', '1'],
        ['IntVal', '0'],
        ['StrVal', goQuote(v)],
      ]);

/** ValidateNonnegativeField */
export const validateNonnegativeField = (value: number, path: string): ErrorList =>
  value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];

/** apps validation ValidatePositiveIntOrPercent */
export function validatePositiveIntOrPercent(v: IntOrString, path: string): ErrorList {
  if (typeof v === 'string') {
    return isValidPercent(v).map((msg) => invalid(path, goRaw(goIntOrString(v)), msg));
  }
  return validateNonnegativeField(v, path);
}

/**
 * intstr.GetScaledValueFromIntOrPercent: the value, or Go's error text. The
 * percentage is parsed by strconv.Atoi (int64) and scaled in float64, as Go
 * does (`int(math.Ceil(float64(v) * float64(total) / 100))`).
 */
export function getScaledValueFromIntOrPercent(
  v: IntOrString | undefined,
  total: number,
  roundUp: boolean,
): { value: number } | { error: string } {
  if (v === undefined || v === null) return { error: 'nil value for IntOrString' };
  if (typeof v === 'number') return { value: v };
  if (!v.endsWith('%')) {
    return { error: 'invalid value for IntOrString: invalid type: string is not a percentage' };
  }
  const parsed = goAtoi(v.slice(0, -1));
  if ('error' in parsed) {
    return { error: `invalid value for IntOrString: invalid value ${goQuote(v)}: ${parsed.error}` };
  }
  const scaled = (Number(parsed.value) * total) / 100;
  return { value: roundUp ? Math.ceil(scaled) : Math.floor(scaled) };
}
