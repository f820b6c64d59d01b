/**
 * metav1.LabelSelector validation (apimachinery v0.28
 * `apis/meta/v1/validation`) and its `%#v` rendering. Conversion, matching
 * and overlap live in `selector-match.ts`.
 */
import type { DecodedLabelSelector } from '../api/decoded.js';
import { child, forbidden, index, invalid, required, type ErrorList } from './field-error.js';
import { goQuote } from '../go/quote.js';
import { goSlice, goStringMap, goStringSlice, goStruct } from '../go/format.js';
import { isQualifiedName, isValidLabelValue } from './names.js';

/** metav1.LabelSelector as decoded (shared/api/decoded.ts). */
export type LabelSelector = DecodedLabelSelector;
export type LabelSelectorRequirement = NonNullable<LabelSelector['matchExpressions']>[number];

/**
 * A requirement as Go holds it: `key` and `operator` are value strings in
 * metav1.LabelSelectorRequirement (no pointer, no omitempty), so one sent
 * without them, or as `null`, reads as "" (and fails validation as "").
 * The CRDs require both, but a webhook sees what the client sent when it is
 * called before the apiserver's schema check (mutating webhooks) or without
 * it, so every reader of a requirement goes through here.
 */
export function goRequirement(sr: LabelSelectorRequirement): LabelSelectorRequirement {
  const { key, operator } = sr as { key?: string | null; operator?: string | null };
  return typeof key === 'string' && typeof operator === 'string'
    ? sr
    : { ...sr, key: key ?? '', operator: operator ?? '' };
}

/** `ps` with every requirement as Go holds it (goRequirement); the same object if none differs. */
export function goSelector(ps: LabelSelector): LabelSelector {
  const exprs = ps.matchExpressions;
  if (exprs === undefined || exprs === null) return ps;
  const held = exprs.map(goRequirement);
  return held.some((r, i) => r !== exprs[i]) ? { ...ps, matchExpressions: held } : ps;
}

const sortedKeys = (m: Readonly<Record<string, string>> | null | undefined): string[] =>
  Object.keys(m ?? {}).sort();

export function validateLabelName(name: string, path: string): ErrorList {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/** ValidateLabels; Go visits map keys in random order, we use sorted order. */
export function validateLabels(
  labels: Readonly<Record<string, string>> | null | undefined,
  path: string,
) {
  const errs: ErrorList = [];
  for (const k of sortedKeys(labels)) {
    errs.push(...validateLabelName(k, path));
    const v = labels?.[k] ?? '';
    errs.push(...isValidLabelValue(v).map((msg) => invalid(path, v, msg)));
  }
  return errs;
}

export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirement,
  path: string,
): ErrorList {
  const errs: ErrorList = [];
  const values = sr.values ?? [];
  if (sr.operator === 'In' || sr.operator === 'NotIn') {
    if (values.length === 0) {
      errs.push(
        required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"),
      );
    }
  } else if (sr.operator === 'Exists' || sr.operator === 'DoesNotExist') {
    if (values.length > 0) {
      errs.push(
        forbidden(
          child(path, 'values'),
          "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        ),
      );
    }
  } else {
    errs.push(invalid(child(path, 'operator'), sr.operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(sr.key, child(path, 'key')));
  values.forEach((v, i) => {
    for (const msg of isValidLabelValue(v)) {
      errs.push(invalid(index(child(path, 'values'), i), v, msg));
    }
  });
  return errs;
}

/** ValidateLabelSelector (nil selector => no errors). */
export function validateLabelSelector(
  ps: LabelSelector | null | undefined,
  path: string,
): ErrorList {
  if (ps === undefined || ps === null) return [];
  const errs = validateLabels(ps.matchLabels, child(path, 'matchLabels'));
  (goSelector(ps).matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, index(child(path, 'matchExpressions'), i)));
  });
  return errs;
}

/** `%#v` of a metav1.LabelSelector value. */
export function goLabelSelector(selector: LabelSelector): string {
  const ps = goSelector(selector);
  return goStruct('v1.LabelSelector', [
    ['MatchLabels', goStringMap(ps.matchLabels)],
    [
      'MatchExpressions',
      goSlice('v1.LabelSelectorRequirement', ps.matchExpressions, (r) =>
        goStruct('v1.LabelSelectorRequirement', [
          ['Key', goQuote(r.key)],
          ['Operator', goQuote(r.operator)],
          ['Values', goStringSlice(r.values)],
        ]),
      ),
    ],
  ]);
}
