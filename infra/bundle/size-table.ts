/**
 * The table `make build` prints: each bundle's size and gzip size and, when
 * they were measured (infra/bundle/load-time.ts), its load time with an
 * empty `node` as the baseline. Pure: figures in, text out.
 */
import { relative } from 'node:path';
import type { LoadTime } from './load-time.js';

export interface SizedBundle {
  readonly outfile: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface LoadFigures {
  readonly runs: number;
  readonly baseline: LoadTime;
  /** Bundles without a probe (neither Lambda nor Knative) are absent. */
  readonly byOutfile: ReadonlyMap<string, LoadTime>;
}

/** The middle sample, or the mean of the two middle ones. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number): string => value.toFixed(0);
const signedMs = (value: number): string => `${value >= 0 ? '+' : ''}${ms(value)}`;

/** Cells for load (median), max and over node; a dash for a bundle without a probe. */
function loadCells(load: LoadTime | undefined, baseline: LoadTime | undefined): string[] {
  if (load === undefined) return ['–', '', ''];
  if ('error' in load) return ['failed', '', ''];
  const mid = median(load.samplesMs);
  const over = baseline !== undefined && 'samplesMs' in baseline;
  return [
    ms(mid),
    ms(Math.max(...load.samplesMs)),
    over ? signedMs(mid - median(baseline.samplesMs)) : '',
  ];
}

function align(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(...rows.map((r) => (r[i] ?? '').length)),
  );
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function sizeTable(
  bundles: readonly SizedBundle[],
  root: string,
  loads?: LoadFigures,
): string {
  const sizes = (b: SizedBundle) => [relative(root, b.outfile), kib(b.bytes), kib(b.gzipBytes)];
  if (loads === undefined) return align([['bundle', 'size', 'gzip'], ...bundles.map(sizes)]);

  const rows = [
    ['bundle', 'size', 'gzip', 'load ms', 'max ms', 'over node'],
    ...bundles.map((b) => [
      ...sizes(b),
      ...loadCells(loads.byOutfile.get(b.outfile), loads.baseline),
    ]),
    ['node (empty process)', '', '', ...loadCells(loads.baseline, undefined)],
  ];
  const failures = [
    ...bundles.map((b) => [relative(root, b.outfile), loads.byOutfile.get(b.outfile)] as const),
    ['node (empty process)', loads.baseline] as const,
  ].flatMap(([name, load]) =>
    load !== undefined && 'error' in load ? [`${name}: load time not measured: ${load.error}`] : [],
  );
  return [
    align(rows),
    '',
    `load ms: process start → \`handler\` exported (lambda) or "Serving" logged (knative), ` +
      `median of ${loads.runs} runs in a fresh node; over node: less the empty node's median.`,
    ...failures,
  ].join('\n');
}
