/**
 * The install lines of OpenKruise v1.7's release notes that kruise-fn's chart
 * must take unchanged, read from the seed (../shared/samples/helm-values.md)
 * exactly as written there: every `helm install` line of its indented code,
 * with its backslash-continued lines. `...` stands for the chart reference.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shellWords } from './helm.js';

export const SEED_HELM_VALUES = fileURLToPath(
  new URL('../../../shared/samples/helm-values.md', import.meta.url),
);

export function seedInstallLines(file = SEED_HELM_VALUES): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s+helm install /.test(lines[i] ?? '')) continue;
    let line = (lines[i] ?? '').trim();
    while (line.endsWith('\\') && i + 1 < lines.length) line += `\n${(lines[++i] ?? '').trim()}`;
    found.push(line);
  }
  return found;
}

/** The flags of a seed install line: the words after the chart reference (`...`). */
export function seedFlags(line: string): string[] {
  const words = shellWords(line);
  const at = words.indexOf('...');
  if (words[0] !== 'helm' || words[1] !== 'install' || at < 0) {
    throw new Error(`not a seed install line: ${line}`);
  }
  return words.slice(at + 1);
}
