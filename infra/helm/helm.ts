/**
 * Runs the pinned helm (`make helm`) on the chart: `helm lint`, and `helm
 * template` parsed into objects. Arguments are passed as an argv list, never
 * through a shell.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { findHelm } from '../dev/binaries.js';
import { CHART_DIR } from './render-chart-files.js';

const run = promisify(execFile);

export const CHART_PATH = fileURLToPath(CHART_DIR).replace(/\/$/, '');
/** The Kubernetes version templates see (the local control plane's). */
export const KUBE_VERSION = '1.34.4';

export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Record<string, string>;
    readonly labels?: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

export interface HelmResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs helm with `args`; a failure carries helm's stderr in its message. */
export async function helm(args: readonly string[]): Promise<HelmResult> {
  try {
    return await run(findHelm(), [...args], { maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`helm ${args[0] ?? ''} failed: ${stderr.trim()}`, { cause: err });
  }
}

export const lintChart = (flags: readonly string[] = []) =>
  helm(['lint', CHART_PATH, '--strict', '--kube-version', KUBE_VERSION, ...flags]);

/** `helm template kruise <chart> <flags>`: every rendered object, in order. */
export async function renderChart(flags: readonly string[] = []): Promise<RenderedObject[]> {
  const { stdout } = await helm([
    'template',
    'kruise',
    CHART_PATH,
    '--kube-version',
    KUBE_VERSION,
    ...flags,
  ]);
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as RenderedObject | null)
    .filter((o): o is RenderedObject => o !== null);
}

export const findObject = (objects: readonly RenderedObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

/**
 * Splits an install line as a POSIX shell would for the quoting it uses
 * (single quotes, double quotes, backslash-newline), e.g. the seed's
 * `--set-json externalCerts.annotations='{"a":"b"}'`.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const text = line.replace(/\\\n/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated ${c} in ${line}`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
