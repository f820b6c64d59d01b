/**
 * An index of one SidecarSet snapshot, so a review only looks at the
 * SidecarSets that can apply to its pod (as OpenKruise's informer index by
 * namespace, issue #1546 / PR #1547, plus a label pre-filter). Built once per
 * snapshot array: the warm cache hands out the same array until its next
 * refresh, so the index dies with the snapshot.
 *
 * Buckets: by scope (cluster, or each namespace the SidecarSet is indexed
 * under), then by a label the selector requires: `key=value` (matchLabels,
 * or each value of an `In` expression) or `key` (an `Exists` expression).
 * SidecarSets whose selector requires no label (only `NotIn`/`DoesNotExist`)
 * or has a bad operator (matching throws whatever the labels) are always
 * candidates of their scope; those that can match no pod are left out.
 * Candidates come back in name order, so the first error still wins as in
 * a scan of all SidecarSets.
 */
import type { DecodedLabelSelector, DecodedSidecarSet } from '../api/decoded.js';
import { matcherOf, type SidecarSetMatcher } from './match.js';
import { revisionLookupOf } from './revision.js';

type Labels = Readonly<Record<string, string>> | null | undefined;

interface Entry {
  /** Position in name order. */
  readonly rank: number;
  readonly matcher: SidecarSetMatcher;
}

interface Scope {
  readonly byLabel: Map<string, Entry[]>;
  readonly byKey: Map<string, Entry[]>;
  readonly always: Entry[];
}

export interface SidecarSetIndex {
  /** Every SidecarSet of the snapshot, sorted by name. */
  readonly sorted: readonly DecodedSidecarSet[];
  /** True when some SidecarSet pins `injectionStrategy.revision` (lookups may be needed). */
  readonly pinsRevisions: boolean;
  /** The SidecarSets that may select a pod with these labels in this namespace, by name. */
  candidates(podNamespace: string, podLabels: Labels): SidecarSetMatcher[];
}

/** A label every pod the selector matches must carry: `key` with one of `values`, or just `key`. */
type Anchor = { readonly key: string; readonly values?: readonly string[] } | undefined;

function anchorOf(selector: DecodedLabelSelector | null | undefined): Anchor {
  const labels = selector?.matchLabels ?? {};
  for (const key of Object.keys(labels)) return { key, values: [labels[key] ?? ''] };
  let anchor: Anchor;
  for (const e of selector?.matchExpressions ?? []) {
    if (e.operator === 'In') {
      const values = e.values ?? [];
      if (anchor?.values === undefined || values.length < anchor.values.length)
        anchor = { key: e.key, values };
    } else if (e.operator === 'Exists' && anchor === undefined) anchor = { key: e.key };
  }
  return anchor;
}

const labelKey = (key: string, value: string): string => `${key}\u0000${value}`;

function push(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else if (list.at(-1) !== entry) list.push(entry);
}

const newScope = (): Scope => ({ byLabel: new Map(), byKey: new Map(), always: [] });

function addTo(scope: Scope, entry: Entry): void {
  const { matcher } = entry;
  const anchor = matcher.throws ? undefined : anchorOf(matcher.sidecarSet.spec?.selector);
  if (anchor === undefined) scope.always.push(entry);
  else if (anchor.values === undefined) push(scope.byKey, anchor.key, entry);
  else for (const value of anchor.values) push(scope.byLabel, labelKey(anchor.key, value), entry);
}

const byName = (a: DecodedSidecarSet, b: DecodedSidecarSet): number => {
  const x = a.metadata?.name ?? '';
  const y = b.metadata?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

function buildIndex(sidecarSets: readonly DecodedSidecarSet[]): SidecarSetIndex {
  const sorted = [...sidecarSets].sort(byName);
  const cluster = newScope();
  const namespaced = new Map<string, Scope>();
  sorted.forEach((sidecarSet, rank) => {
    const matcher = matcherOf(sidecarSet);
    if (!matcher.canMatch) return;
    const entry: Entry = { rank, matcher };
    if (matcher.namespaces === undefined) return addTo(cluster, entry);
    for (const namespace of new Set(matcher.namespaces)) {
      let scope = namespaced.get(namespace);
      if (scope === undefined) namespaced.set(namespace, (scope = newScope()));
      addTo(scope, entry);
    }
  });

  return {
    sorted,
    pinsRevisions: sorted.some((s) => revisionLookupOf(s) !== undefined),
    candidates(podNamespace, podLabels) {
      const lists: Entry[][] = [];
      for (const scope of [cluster, namespaced.get(podNamespace)]) {
        if (scope === undefined) continue;
        if (scope.always.length > 0) lists.push(scope.always);
        for (const key of Object.keys(podLabels ?? {})) {
          const exact = scope.byLabel.get(labelKey(key, podLabels?.[key] ?? ''));
          if (exact !== undefined) lists.push(exact);
          const any = scope.byKey.get(key);
          if (any !== undefined) lists.push(any);
        }
      }
      const first = lists[0];
      if (first === undefined) return [];
      if (lists.length === 1) return first.map((e) => e.matcher);
      const all = lists.flat().sort((a, b) => a.rank - b.rank);
      return all.filter((e, i) => i === 0 || all[i - 1] !== e).map((e) => e.matcher);
    },
  };
}

const indexes = new WeakMap<readonly DecodedSidecarSet[], SidecarSetIndex>();

/** The index of a snapshot array (memoised per array; arrays are never mutated in place). */
export function indexSidecarSets(sidecarSets: readonly DecodedSidecarSet[]): SidecarSetIndex {
  let index = indexes.get(sidecarSets);
  if (index === undefined) {
    index = buildIndex(sidecarSets);
    indexes.set(sidecarSets, index);
  }
  return index;
}
