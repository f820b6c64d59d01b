/** The Markdown of benchmark (c): bundle sizes and load times, then cold starts. */
import type { LoadTime } from '../../infra/bundle/load-time.js';
import { median } from '../../infra/bundle/size-table.js';
import type { ColdStartResult } from './cold-start.js';
import { table } from './report.js';
import { formatMs, type LatencySummary } from './stats.js';

/** The targets: a function's bundle, and process start until it can answer. */
const TARGET_BYTES = 1_000_000;
const TARGET_LOAD_MS = 150;

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const kib = (bytes: number) => (bytes / 1024).toFixed(1);

function loadCells(load: LoadTime | undefined, baseline: LoadTime): string[] {
  if (load === undefined) return ['', '', ''];
  if ('error' in load) return [`not measured: ${load.error}`, '', ''];
  const mid = median(load.samplesMs);
  const over = 'samplesMs' in baseline ? mid - median(baseline.samplesMs) : undefined;
  return [
    formatMs(mid),
    formatMs(Math.max(...load.samplesMs)),
    over === undefined ? '' : `${over >= 0 ? '+' : ''}${formatMs(over)}`,
  ];
}

const medianMax = (l: LatencySummary | undefined) =>
  l === undefined ? '' : `${formatMs(l.p50Ms)} / ${formatMs(l.maxMs)}`;

export function coldStartSection(r: ColdStartResult, runs: number, sidecarSets: number): string {
  const loaded = (load: LoadTime | undefined) =>
    load !== undefined && 'samplesMs' in load ? median(load.samplesMs) : undefined;
  return [
    '### (c) Bundles and cold start',
    '',
    `The bundles as \`make build\` builds them, each loaded ${runs} times in a fresh \`node\` ` +
      'against an unreachable kubeconfig (the figures `make build` prints): process start → ' +
      '`handler` exported (Lambda) or "Serving" logged (Knative).',
    '',
    table([
      [
        'bundle',
        'KiB',
        'gzip KiB',
        'load ms (median)',
        'max ms',
        'over empty node',
        '≤ 1 MB',
        `≤ ${TARGET_LOAD_MS} ms`,
      ],
      ...r.bundles.map((b) => {
        const mid = loaded(b.load);
        return [
          `\`${b.bundle}\``,
          kib(b.bytes),
          kib(b.gzipBytes),
          ...loadCells(b.load, r.loadBaseline),
          verdict(b.bytes <= TARGET_BYTES),
          mid === undefined ? '' : verdict(mid <= TARGET_LOAD_MS),
        ];
      }),
      [
        'node, empty process',
        '',
        '',
        ...loadCells(r.loadBaseline, r.loadBaseline).slice(0, 2),
        '',
        '',
        '',
      ],
    ]),
    '',
    `Cold starts against the local control plane: ${sidecarSets} SidecarSets exist, 3 of ` +
      `them select the bench pod. Each run is a fresh process that answers \`/healthz\` ` +
      'first and then the bench AdmissionReview (`POST /mutate-pod`), from its first ' +
      `SidecarSet read; the answer gives \`${r.injectedContainers.join(', ')}\`. ` +
      `Milliseconds since process start, median / max of ${runs} runs. Under ` +
      '`aws-lambda-rie` (the Lambda runtime interface emulator running the bundle with ' +
      '`aws-lambda-ric`, the Node.js runtime interface client): the first column is the ' +
      'init duration the emulator reports (`INIT REPORT`), the answers are timed from the ' +
      "emulator's spawn, which starts the runtime on the first invoke as Lambda does.",
    '',
    table([
      [
        'entry',
        'loaded (Lambda), init (emulator) or listening (Knative)',
        'first `/healthz` answered',
        'first review answered',
      ],
      ...r.series.map((s) => [
        s.name,
        medianMax(s.ready),
        medianMax(s.healthz),
        medianMax(s.review),
      ]),
    ]),
  ].join('\n');
}
