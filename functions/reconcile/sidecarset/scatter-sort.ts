/**
 * `updateStrategy.scatterStrategy` (`kruise@v1.7.4:pkg/util/updatesort/scatter_sort.go`,
 * `pkg/controller/sidecarset/sidecarset_strategy.go` parseUpdateScatterTerms):
 * spreads the pods of each `key=value` term evenly among the others in the
 * update order, the most common term first; `value: "*"` stands for every
 * value the matched pods carry under `key`.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';

export interface ScatterTerm {
  readonly key: string;
  readonly value: string;
}

const labelOf = (pod: Pod | undefined, key: string): string | undefined => {
  const labels = pod?.metadata?.labels ?? {};
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
};

function insertTerm(terms: ScatterTerm[], term: ScatterTerm): void {
  if (!terms.some((t) => t.key === term.key && t.value === term.value)) terms.push(term);
}

/** parseUpdateScatterTerms: `*` values resolved over the pods, duplicates dropped. */
export function scatterTerms(
  strategy: readonly ScatterTerm[],
  pods: readonly Pod[],
): ScatterTerm[] {
  const terms: ScatterTerm[] = [];
  for (const term of strategy) {
    if (term.value !== '*') {
      insertTerm(terms, term);
      continue;
    }
    for (const pod of pods) {
      const value = labelOf(pod, term.key);
      if (value !== undefined) insertTerm(terms, { key: term.key, value });
    }
  }
  return terms;
}

/** getScatterTerms: with several terms, those present among the candidates, most matched first. */
function orderedTerms(
  terms: readonly ScatterTerm[],
  pods: readonly Pod[],
  indexes: readonly number[],
) {
  if (terms.length === 1) return terms;
  const counts = new Map<string, { term: ScatterTerm; count: number }>();
  for (const term of terms) {
    for (const i of indexes) {
      if (labelOf(pods[i], term.key) !== term.value) continue;
      const id = `${term.key}:${term.value}`;
      const seen = counts.get(id);
      if (seen === undefined) counts.set(id, { term, count: 1 });
      else seen.count++;
    }
  }
  // Go's comparator answers `i <= j` for equal counts; its stable sort only ever asks it with
  // the later element first, so equal counts keep their order, as here.
  return [...counts.values()].sort((a, b) => b.count - a.count).map((c) => c.term);
}

interface Group {
  readonly groupNum: number;
  readonly matchedSize: number;
  readonly unmatchedSize: number;
  readonly unmatchedRemainder: number;
}

/** math.Round: halves away from zero (the arguments here are positive). */
const goRound = (x: number): number => Math.floor(x + 0.5);

function newGroup(matched: number, unmatched: number): Group {
  const groupNum = Math.min(matched, unmatched);
  return {
    groupNum,
    matchedSize: goRound(matched / groupNum),
    unmatchedSize: goRound(unmatched / groupNum),
    unmatchedRemainder: 0,
  };
}

function groupByDensity(totalM: number, totalU: number, updateM: number, updateU: number): Group {
  const total = newGroup(totalM, totalU);
  const update = newGroup(updateM, updateU);
  // Go compares float32 ratios.
  if (
    Math.fround(Math.fround(totalU) / Math.fround(totalM)) >=
    Math.fround(Math.fround(updateU) / Math.fround(updateM))
  )
    return update;
  const byMatched = Math.trunc(updateM / total.matchedSize);
  const byUnmatched = Math.trunc(updateU / total.unmatchedSize);
  const groupNum = byMatched < byUnmatched ? byMatched : byUnmatched;
  return {
    groupNum,
    matchedSize: total.matchedSize,
    unmatchedSize: total.unmatchedSize,
    unmatchedRemainder: updateU - groupNum * total.unmatchedSize,
  };
}

function scatterByTerm(
  term: ScatterTerm,
  pods: readonly Pod[],
  indexes: readonly number[],
): number[] {
  const matched: number[] = [];
  const unmatched: number[] = [];
  // A missing label reads as "" in Go.
  const isMatched = (pod: Pod | undefined) => (labelOf(pod, term.key) ?? '') === term.value;
  for (const i of indexes) (isMatched(pods[i]) ? matched : unmatched).push(i);
  if (matched.length <= 1 || unmatched.length <= 1) return [...indexes];
  let totalMatched = pods.filter(isMatched).length;
  const totalUnmatched = pods.length - totalMatched;
  // The last matched candidate goes to the very end.
  const last = matched.pop() as number;
  totalMatched--;
  const group = groupByDensity(totalMatched, totalUnmatched, matched.length, unmatched.length);
  const out: number[] = [];
  if (group.unmatchedRemainder > 0) out.push(...unmatched.splice(0, group.unmatchedRemainder));
  for (let g = 0; g < group.groupNum; g++) {
    out.push(...matched.splice(0, group.matchedSize));
    out.push(...unmatched.splice(0, group.unmatchedSize));
  }
  return [...out, ...matched, ...unmatched, last];
}

/** scatterSort.Sort over `indexes` into `pods`. */
export function scatterSort(
  terms: readonly ScatterTerm[],
  pods: readonly Pod[],
  indexes: readonly number[],
): number[] {
  if (terms.length === 0 || indexes.length <= 1) return [...indexes];
  let out = [...indexes];
  for (const term of orderedTerms(terms, pods, out)) out = scatterByTerm(term, pods, out);
  return out;
}
