/**
 * Label selectors as OpenKruise evaluates them for SidecarSets
 * (`util.ValidatedLabelSelectorAsSelector`: no validation of keys/values; a
 * nil selector matches nothing, an empty one everything).
 */
import type { V1LabelSelector } from '@kubernetes/client-node';
import { goQuote } from '../../../shared/go/quote.js';
import { KruiseFnError } from '../../../shared/errors.js';

type Labels = Readonly<Record<string, string>> | undefined;
type Requirement = (labels: Labels) => boolean;

const has = (labels: Labels, key: string): boolean =>
  labels !== undefined && Object.hasOwn(labels, key);

function requirement(key: string, operator: string, values: readonly string[]): Requirement {
  switch (operator) {
    case 'In':
      return (labels) => has(labels, key) && values.includes(labels?.[key] ?? '');
    case 'NotIn':
      return (labels) => !has(labels, key) || !values.includes(labels?.[key] ?? '');
    case 'Exists':
      return (labels) => has(labels, key);
    case 'DoesNotExist':
      return (labels) => !has(labels, key);
    default:
      throw new KruiseFnError(`${goQuote(operator)} is not a valid pod selector operator`);
  }
}

export interface CompiledSelector {
  /** true for a selector without requirements (nil or `{}`): SidecarSets then match no pod. */
  readonly empty: boolean;
  readonly matches: (labels: Labels) => boolean;
}

/** Throws KruiseFnError (500) for an unknown matchExpressions operator, as OpenKruise does. */
export function compileSelector(selector: V1LabelSelector | undefined | null): CompiledSelector {
  if (selector === undefined || selector === null) return { empty: false, matches: () => false };
  const requirements: Requirement[] = [
    ...Object.entries(selector.matchLabels ?? {}).map(([k, v]) => requirement(k, 'In', [v])),
    ...(selector.matchExpressions ?? []).map((e) => requirement(e.key, e.operator, e.values ?? [])),
  ];
  return {
    empty: requirements.length === 0,
    matches: (labels) => requirements.every((r) => r(labels)),
  };
}
