/**
 * Load time of each bundle, as `make build` prints it: from process start
 * until a Lambda bundle has exported `handler` (Lambda's init phase) or a
 * Knative bundle logged "Serving" (listening on plain HTTP, PORT=0). Each
 * bundle runs in a fresh `node` a few times, one run at a time, and an
 * empty `node` gives the baseline. The kubeconfig the bundles load names
 * 127.0.0.1:1, where nothing listens: the reads they start at once fail at
 * the first connect, and nothing on the network is touched.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  baseEnv,
  markMs,
  startEmptyNode,
  startKnative,
  startLambda,
  waitForMark,
  type Env,
} from './entry-child.js';
import type { NodeChild } from './node-child.js';

/** Samples in ms, or why there are none. */
export type LoadTime = { readonly samplesMs: readonly number[] } | { readonly error: string };

export interface LoadTimeOptions {
  /** Runs per bundle; default 5. */
  readonly runs?: number;
  /** Deadline of one run; default 5 s (a load takes well under 1 s). */
  readonly timeoutMs?: number;
}

export interface LoadTarget {
  readonly entry: string;
  readonly outfile: string;
}

const UNREACHABLE_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: unreachable
  cluster: {server: 'https://127.0.0.1:1'}
users:
- name: nobody
  user: {token: load-time}
contexts:
- name: unreachable
  context: {cluster: unreachable, user: nobody}
current-context: unreachable
`;

/** Writes a kubeconfig naming 127.0.0.1:1 (nothing listens there) into `dir`; returns its path. */
export function writeUnreachableKubeconfig(dir: string): string {
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, UNREACHABLE_KUBECONFIG, { mode: 0o600 });
  return path;
}

/** The entries whose readiness we can see: Lambda and Knative ones. */
export const hasLoadProbe = (entry: string): boolean => entry === 'lambda' || entry === 'knative';

const BASELINE = 'node';

type Run = (env: Env, timeoutMs: number) => Promise<number>;

async function measured(child: NodeChild, measure: () => Promise<number>): Promise<number> {
  try {
    return await measure();
  } finally {
    await child.stop();
  }
}

const emptyRun: Run = (env, timeoutMs) => {
  const child = startEmptyNode(env);
  return measured(child, async () => markMs(await waitForMark(child, 'started', timeoutMs)));
};

function runOf(target: LoadTarget): Run {
  if (target.entry === 'lambda') {
    return (env, timeoutMs) => {
      const child = startLambda(target.outfile, env);
      return measured(child, async () => markMs(await waitForMark(child, 'handler', timeoutMs)));
    };
  }
  return (env, timeoutMs) => {
    const knative = startKnative(target.outfile, { ...env, PORT: '0' });
    return measured(knative.child, async () => (await knative.serving(timeoutMs)).ms);
  };
}

/** The baseline and each target's load time, keyed by outfile; targets without a probe are left out. */
export async function measureLoadTimes(
  targets: readonly LoadTarget[],
  options: LoadTimeOptions = {},
): Promise<{ baseline: LoadTime; byOutfile: Map<string, LoadTime> }> {
  const opts = { runs: options.runs ?? 5, timeoutMs: options.timeoutMs ?? 5_000 };
  if (!Number.isInteger(opts.runs) || opts.runs < 1)
    throw new Error(`runs: ${opts.runs} is not a count`);
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-load-time-'));
  try {
    // HOME in the temp dir: nothing reads the user's ~/.kube.
    const env = baseEnv({ KUBECONFIG: writeUnreachableKubeconfig(dir), HOME: dir });
    const probed = targets.filter((t) => hasLoadProbe(t.entry));
    const series = [
      { key: BASELINE, run: emptyRun },
      ...probed.map((t) => ({ key: t.outfile, run: runOf(t) })),
    ];
    const samples = new Map<string, number[]>(series.map((s) => [s.key, []]));
    const errors = new Map<string, string>();
    // Round by round, so a burst of other load on the machine skews every series alike.
    for (let round = 0; round < opts.runs; round++) {
      for (const { key, run } of series.filter((s) => !errors.has(s.key))) {
        try {
          samples.get(key)?.push(await run(env, opts.timeoutMs));
        } catch (err) {
          errors.set(key, err instanceof Error ? err.message : String(err));
        }
      }
    }
    const loadOf = (key: string): LoadTime => {
      const error = errors.get(key);
      return error !== undefined ? { error } : { samplesMs: samples.get(key) ?? [] };
    };
    return {
      baseline: loadOf(BASELINE),
      byOutfile: new Map(probed.map((t) => [t.outfile, loadOf(t.outfile)])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
