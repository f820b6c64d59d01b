/**
 * The benchmark report: the machine it ran on, the figures as a Markdown
 * table (printed, and written into docs/benchmarks.md between two markers so
 * the hand-written analysis around them survives a new run).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

export const BEGIN = '<!-- bench:begin (written by `make bench`) -->';
export const END = '<!-- bench:end -->';

export interface Machine {
  readonly date: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kubeVersion: string;
  /** 1-minute load average when the run started: other work on the machine skews figures. */
  readonly loadAverage: number;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function kubeVersion(root: URL): string {
  const file = new URL('infra/dev/versions.env', root);
  if (!existsSync(file)) return 'unknown';
  const match = /^KUBE_VERSION=(\S+)/m.exec(readFileSync(file, 'utf8'));
  return match?.[1] ?? 'unknown';
}

export function machine(root: URL, now: Date): Machine {
  return {
    date: now.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpus: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kubeVersion: kubeVersion(root),
    loadAverage: loadavg()[0] ?? 0,
  };
}

/** A Markdown table; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  if (head === undefined) return '';
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

export function machineLines(m: Machine): string {
  return [
    `- Run: ${m.date}, Node ${m.node}, kube-apiserver ${m.kubeVersion}`,
    `- CPU: ${m.cpuModel}, ${m.cpus} cores visible (\`nproc\`), ${m.memoryGiB} GiB RAM`,
    `- 1-minute load average at start: ${m.loadAverage.toFixed(2)}`,
  ].join('\n');
}

/**
 * Replaces the generated section of the document (creating the document if
 * needed), formatted with the project's Prettier settings so `make lint`
 * stays clean after a run.
 */
export async function writeSection(path: URL, section: string, name?: string): Promise<void> {
  // A named section (a bench of its own) has markers of its own: `<!-- bench:<name>:begin … -->`.
  const begin = name === undefined ? BEGIN : BEGIN.replace('bench:', `bench:${name}:`);
  const endMark = name === undefined ? END : END.replace('bench:', `bench:${name}:`);
  const generated = `${begin}\n${section.trim()}\n${endMark}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = current.indexOf(begin);
  const end = current.indexOf(endMark);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + generated + current.slice(end + endMark.length)
      : `${current.trimEnd()}${current === '' ? '# Benchmarks' : ''}\n\n${generated}\n`;
  const filepath = fileURLToPath(path);
  const options = (await resolveConfig(filepath)) ?? {};
  writeFileSync(path, await format(next, { ...options, filepath }));
}
