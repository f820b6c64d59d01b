/**
 * The repository's layout rules (../shared/DESIGN.md, STYLE.md), checked on
 * the sources: no import cycle (type imports included), nothing outside
 * test/ imports test/, no function imports another function's code, and no hand-written type of a Kruise kind next to its
 * schema in shared/api.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCE_DIRS = ['functions', 'shared', 'infra', 'events', 'test'];
const KRUISE_KINDS = [
  'SidecarSet',
  'StatefulSet',
  'ImagePullJob',
  'NodeImage',
  'ContainerRecreateRequest',
];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\b(?:[^'"]*?\bfrom)?\s*'(\.[^']*)'/gm;

/** Relative imports of every source file, as repository paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCE_DIRS.flatMap(sources)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const deps = [...text.matchAll(IMPORT)].map((m) =>
      normalize(join(dirname(file), (m[1] ?? '').replace(/\.js$/, '.ts'))),
    );
    graph.set(file, deps);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[][] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === 'open') found.push([...path.slice(path.indexOf(dep)), dep]);
      else if (state.get(dep) === undefined) visit(dep, [...path, dep]);
    }
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file, [file]);
  return found;
}

describe('repository layout', () => {
  const graph = importGraph();

  it('has no import cycle', () => {
    assert.deepStrictEqual(
      cycles(graph).map((c) => c.join(' → ')),
      [],
    );
  });

  it('imports test/ only from test/', () => {
    const offenders = [...graph].flatMap(([file, deps]) =>
      file.startsWith('test/')
        ? []
        : deps.filter((d) => d.startsWith('test/')).map((d) => `${file} → ${d}`),
    );
    assert.deepStrictEqual(offenders, []);
  });

  // STYLE.md, "code lives where it is used": what two functions use is in
  // shared/, so a function's folder imports no other function's.
  it("imports no other function's code from a function", () => {
    const fnOf = (path: string) => /^functions\/([^/]+)\//.exec(path)?.[1];
    const offenders = [...graph].flatMap(([file, deps]) => {
      const fn = fnOf(file);
      if (fn === undefined) return [];
      return deps.filter((d) => ![undefined, fn].includes(fnOf(d))).map((d) => `${file} → ${d}`);
    });
    assert.deepStrictEqual(offenders, []);
  });

  it('declares the Kruise kinds only in shared/api, derived from their schemas', () => {
    const declaration = new RegExp(
      `^\\s*export\\s+(?:interface|type)\\s+(${KRUISE_KINDS.join('|')})\\b`,
      'm',
    );
    const offenders = SOURCE_DIRS.flatMap(sources).filter(
      (file) =>
        !file.startsWith('shared/api/') && declaration.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    assert.deepStrictEqual(
      offenders.map((f) => relative('.', f)),
      [],
    );
  });
});
