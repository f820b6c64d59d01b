/**
 * Random edits of JSON trees for the reconcile intake fuzz test: scalars of
 * every type (unicode, NUL, long strings among them), a value retyped, and a
 * tree edited in place (a field dropped, replaced, retyped, or a copy of
 * another part of the same tree put there). Driven by a seeded PRNG only.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonRecord = { [key: string]: Json };

export const isRecord = (v: Json | undefined): v is JsonRecord =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function jsonMutator(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number) => random() < p;
  const strings = [
    '',
    ' ',
    'null',
    'pods',
    'v1',
    '-1',
    '0',
    '..',
    '日本語',
    '\u0000',
    '\ud83d\ude00',
    '\u202e',
    'x'.repeat(300),
  ];
  const text = (): string => (chance(0.02) ? 'y'.repeat(20_000 + int(40_000)) : pick(strings));
  const scalar = (): Json =>
    pick<() => Json>([
      () => null,
      () => chance(0.5),
      () => int(2_000) - 1_000,
      () => random() * 1e21,
      () => -0.5,
      text,
      () => [],
      () => ({}),
      () => [text(), int(10)],
      () => ({ name: text() }),
    ])();

  const retype = (value: Json): Json => {
    if (typeof value === 'string')
      return pick([Number(value) || 0, [value], { value }, null, true]);
    if (typeof value === 'number') return pick([String(value), [value], null, { value }]);
    if (Array.isArray(value)) return pick([value[0] ?? null, {}, 'array', value.length, null]);
    if (value !== null && typeof value === 'object') return pick([[value], 'object', 0, null]);
    return pick(['true', 1, [], {}, 'null']);
  };

  /** Every container (object or array) in the tree. */
  const containers = (root: Json): (Json[] | JsonRecord)[] => {
    const out: (Json[] | JsonRecord)[] = [];
    const walk = (node: Json) => {
      if (node === null || typeof node !== 'object') return;
      out.push(node);
      for (const child of Array.isArray(node) ? node : Object.values(node)) walk(child);
    };
    walk(root);
    return out;
  };

  /** Edits the tree in place 1–3 times. */
  const mutateTree = (root: Json): void => {
    for (let n = 1 + int(3); n > 0; n--) {
      const target = pick(containers(root));
      if (target === undefined) return;
      const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
      if (keys.length === 0) {
        if (!Array.isArray(target)) target[pick(['name', 'kind', 'namespace', 'x'])] = scalar();
        continue;
      }
      const key = pick<string | number>(keys);
      const record = target as Record<string | number, Json>;
      const action = int(5);
      if (action === 0) {
        if (Array.isArray(target)) target.splice(Number(key), 1);
        else delete record[key];
      } else if (action === 1) record[key] = scalar();
      else if (action === 2) record[key] = retype(record[key] ?? null);
      else if (action === 3) record[key] = structuredClone(pick(containers(root)) ?? null);
      else record[key] = typeof record[key] === 'string' ? text() : scalar();
    }
  };

  /** A proper prefix of `s` (never the whole text), so a JSON text cut short. */
  const truncate = (s: string): string => s.slice(0, int(s.length));

  return { int, pick, chance, text, scalar, retype, mutateTree, truncate };
}

export type JsonMutator = ReturnType<typeof jsonMutator>;
