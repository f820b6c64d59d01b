/**
 * OpenKruise update-strategy field checks shared by workloads:
 * `UpdatePriorityStrategy.FieldsValidation` (`kruise@v1.7.4:apis/apps/pub/update_priority.go`)
 * and `UpdateScatterStrategy.FieldsValidation`
 * (`kruise@v1.7.4:apis/apps/v1alpha1/scatter_strategy.go`). Each returns the
 * first problem's text, or undefined.
 */
import { type LabelSelector } from '../../../shared/validation/label-selector.js';
import { labelSelectorAsSelector } from '../../../shared/validation/selector-match.js';

export interface PriorityStrategy {
  weightPriority?: { weight?: number; matchSelector?: LabelSelector }[] | null;
  orderPriority?: { orderedKey?: string }[] | null;
}

export function priorityStrategyError(s: PriorityStrategy | null | undefined): string | undefined {
  if (s === undefined || s === null) return undefined;
  const weights = s.weightPriority ?? [];
  const orders = s.orderPriority ?? [];
  if (weights.length > 0 && orders.length > 0) {
    return 'only one of weightPriority and orderPriority can be used';
  }
  for (const w of weights) {
    const weight = w.weight ?? 0;
    if (weight < 0 || weight > 100) return 'weight must be valid number in the range 1-100';
    const sel = w.matchSelector ?? {};
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
      return 'selector can not be empty';
    }
    const parsed = labelSelectorAsSelector(sel);
    if (!parsed.ok) return `invalid selector ${parsed.error}`;
  }
  for (const o of orders) if (!o.orderedKey) return 'order key can not be empty';
  return undefined;
}

export function scatterStrategyError(
  terms: readonly { key?: string; value?: string }[] | null | undefined,
): string | undefined {
  const seen = new Set<string>();
  for (const term of terms ?? []) {
    const k = term.key ?? '';
    const v = term.value ?? '';
    if (k === '') return 'key should not be empty';
    const id = `${k}:${v}`;
    if (seen.has(id)) return `duplicated key=${k} value=${v}`;
    seen.add(id);
  }
  return undefined;
}
