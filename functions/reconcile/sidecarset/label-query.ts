/**
 * A LabelSelector as the API's `labelSelector` list parameter, so lists
 * return only the objects it selects (OpenKruise filters its informer cache
 * instead). OpenKruise builds selectors with ValidatedLabelSelectorAsSelector,
 * which skips key and value validation; a requirement the API's parser would
 * refuse (or an empty value set) is therefore not sent, and the caller lists
 * everything and filters with the same selector.
 */
import {
  labelSelectorAsSelector,
  matchesRequirements,
  type Requirement,
} from '../../../shared/validation/selector-match.js';
import type { LabelSelector } from '../../../shared/api/core/meta.js';
import { isQualifiedName, isValidLabelValue } from '../../../shared/validation/names.js';
import { KruiseFnError } from '../../../shared/errors.js';

export type SelectorQuery =
  | { readonly kind: 'nothing' }
  | {
      /** `query` for the API ('' = everything); `matches` for what it cannot say. */
      readonly kind: 'list';
      readonly query: string;
      readonly matches: (labels: Readonly<Record<string, string>> | undefined) => boolean;
    };

const sayable = (r: Requirement): boolean =>
  isQualifiedName(r.key).length === 0 &&
  (r.operator === 'Exists' || r.operator === 'DoesNotExist' || r.values.length > 0) &&
  r.values.every((v) => isValidLabelValue(v).length === 0);

function term(r: Requirement): string {
  switch (r.operator) {
    case '=':
      return `${r.key}=${r.values[0] ?? ''}`;
    case 'In':
      return `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
}

/** Throws KruiseFnError with OpenKruise's message for a bad operator. */
export function selectorQuery(selector: LabelSelector | undefined | null): SelectorQuery {
  const parsed = labelSelectorAsSelector(selector, 'pod selector', false);
  if (!parsed.ok) throw new KruiseFnError(parsed.error);
  if (selector === undefined || selector === null) return { kind: 'nothing' };
  const { requirements } = parsed;
  const all = requirements.every(sayable);
  return {
    kind: 'list',
    query: all ? requirements.map(term).join(',') : '',
    matches: all ? () => true : (labels) => matchesRequirements(requirements, labels ?? {}),
  };
}
