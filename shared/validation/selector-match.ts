/**
 * metav1.LabelSelectorAsSelector with `labels.NewRequirement`'s errors
 * (apimachinery v0.28), selector matching, and OpenKruise's selector-overlap
 * test (`kruise@v1.7.4:pkg/util/selector.go`).
 */
import { KruiseFnError } from '../errors.js';
import { aggregate, index, invalid, key, type ErrorList } from './field-error.js';
import { goQuote } from '../go/quote.js';
import { goRaw, goStringSlice } from '../go/format.js';
import { goSelector, type LabelSelector } from './label-selector.js';
import { isQualifiedName, isValidLabelValue } from './names.js';

const sortedKeys = (m: Readonly<Record<string, string>> | undefined): string[] =>
  Object.keys(m ?? {}).sort();

export type Requirement = {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | '=';
  readonly values: readonly string[];
};

/** labels.NewRequirement's validation; returns the aggregated error text or ''. */
function requirementError(k: string, op: Requirement['operator'], vals: string[] | undefined) {
  const errs: ErrorList = [];
  const keyErrs = isQualifiedName(k);
  if (keyErrs.length > 0) errs.push(invalid('key', k, keyErrs.join('; ')));
  const list = vals ?? [];
  if ((op === 'In' || op === 'NotIn') && list.length === 0) {
    errs.push(
      invalid(
        'values',
        goRaw(goStringSlice(vals)),
        "for 'in', 'notin' operators, values set can't be empty",
      ),
    );
  } else if (op === '=' && list.length !== 1) {
    errs.push(
      invalid(
        'values',
        goRaw(goStringSlice(vals)),
        'exact-match compatibility requires one single value',
      ),
    );
  } else if ((op === 'Exists' || op === 'DoesNotExist') && list.length !== 0) {
    errs.push(
      invalid(
        'values',
        goRaw(goStringSlice(vals)),
        'values set must be empty for exists and does not exist',
      ),
    );
  }
  list.forEach((v, i) => {
    const valErrs = isValidLabelValue(v);
    if (valErrs.length > 0) errs.push(invalid(key(index('values', i), k), v, valErrs.join('; ')));
  });
  return aggregate(errs);
}

export type SelectorResult =
  | { readonly ok: true; readonly everything: boolean; readonly requirements: Requirement[] }
  | { readonly ok: false; readonly error: string };

/**
 * metav1.LabelSelectorAsSelector. `operatorWord` is `label selector` for
 * apimachinery, `pod selector` for OpenKruise's ValidatedLabelSelectorAsSelector,
 * which also skips the key and value checks (`validate: false`).
 * A nil selector selects nothing; an empty one everything.
 */
export function labelSelectorAsSelector(
  ps: LabelSelector | undefined | null,
  operatorWord: 'label selector' | 'pod selector' = 'label selector',
  validate = true,
): SelectorResult {
  if (ps === undefined || ps === null) return { ok: true, everything: false, requirements: [] };
  const labels = ps.matchLabels ?? {};
  const exprs = goSelector(ps).matchExpressions ?? [];
  if (Object.keys(labels).length + exprs.length === 0) {
    return { ok: true, everything: true, requirements: [] };
  }
  const requirements: Requirement[] = [];
  for (const k of sortedKeys(labels)) {
    const v = labels[k] ?? '';
    const error = validate ? requirementError(k, '=', [v]) : '';
    if (error !== '') return { ok: false, error };
    requirements.push({ key: k, operator: '=', values: [v] });
  }
  for (const expr of exprs) {
    const op = expr.operator;
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
      return { ok: false, error: `${goQuote(op)} is not a valid ${operatorWord} operator` };
    }
    const values = expr.values == null || expr.values.length === 0 ? undefined : expr.values;
    const error = validate ? requirementError(expr.key, op, values) : '';
    if (error !== '') return { ok: false, error };
    requirements.push({ key: expr.key, operator: op, values: values ?? [] });
  }
  return { ok: true, everything: false, requirements };
}

/** labels.Selector.Matches over requirements. */
export function matchesRequirements(
  requirements: readonly Requirement[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key] ?? '';
    if (r.operator === 'Exists') return has;
    if (r.operator === 'DoesNotExist') return !has;
    if (r.operator === 'NotIn') return !has || !r.values.includes(value);
    return has && r.values.includes(value);
  });
}

/** Does `ps` (as LabelSelectorAsSelector reads it) select `labels`? Invalid => false. */
export function selectorMatches(
  ps: LabelSelector | undefined,
  labels: Readonly<Record<string, string>>,
  operatorWord: 'label selector' | 'pod selector' = 'label selector',
): boolean {
  const sel = labelSelectorAsSelector(ps, operatorWord);
  if (!sel.ok) return false;
  return (
    sel.everything || (sel.requirements.length > 0 && matchesRequirements(sel.requirements, labels))
  );
}

export interface CompiledSelector {
  /** true for a selector without requirements (`{}`): SidecarSets then match no pod. */
  readonly empty: boolean;
  readonly matches: (labels: Readonly<Record<string, string>> | null | undefined) => boolean;
}

/**
 * OpenKruise's ValidatedLabelSelectorAsSelector, parsed once for many
 * matches: a nil selector matches nothing, an empty one everything. Throws
 * KruiseFnError (OpenKruise answers 500) for an unknown operator.
 */
export function compileSelector(ps: LabelSelector | undefined | null): CompiledSelector {
  if (ps === undefined || ps === null) return { empty: false, matches: () => false };
  const sel = labelSelectorAsSelector(ps, 'pod selector', false);
  if (!sel.ok) throw new KruiseFnError(sel.error);
  const { requirements } = sel;
  return {
    empty: sel.everything,
    matches: (labels) => matchesRequirements(requirements, labels ?? {}),
  };
}

function isDisjoint(a: LabelSelector, b: LabelSelector): boolean {
  const allowed = new Map<string, string[]>();
  for (const [k, v] of Object.entries(a.matchLabels ?? {})) allowed.set(k, [v]);
  for (const req of a.matchExpressions ?? []) {
    if (req.operator === 'In')
      allowed.set(req.key, [...(allowed.get(req.key) ?? []), ...(req.values ?? [])]);
    else if (req.operator === 'Exists') allowed.set(req.key, ['ALL']);
  }
  for (const [k, v] of Object.entries(b.matchLabels ?? {})) {
    const values = allowed.get(k);
    if (values !== undefined && !values.includes('ALL') && !values.includes(v)) return true;
  }
  for (const req of b.matchExpressions ?? []) {
    const values = allowed.get(req.key);
    const reqValues = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (
          values !== undefined &&
          !values.includes('ALL') &&
          !reqValues.some((v) => values.includes(v))
        ) {
          return true;
        }
        break;
      case 'NotIn':
        if (values !== undefined && values.every((v) => reqValues.includes(v))) return true;
        break;
      case 'Exists':
        if (values === undefined) return true;
        break;
      case 'DoesNotExist':
        if (values !== undefined) return true;
        break;
    }
  }
  return false;
}

/** OpenKruise util.IsSelectorOverlapping: overlap unless disjoint either way. */
export function isSelectorOverlapping(a: LabelSelector, b: LabelSelector): boolean {
  const [ga, gb] = [goSelector(a), goSelector(b)];
  return !(isDisjoint(ga, gb) || isDisjoint(gb, ga));
}
