/**
 * The fuzz test's request generator: a seeded PRNG (the same sequence for the
 * same seed everywhere) and random mutations of valid reviews (fields dropped,
 * replaced or retyped, JSON truncated, bodies over the cap, wrong kinds,
 * versions, routes and content types).
 */
import { MAX_REVIEW_BYTES } from '../../functions/admission/review/read-review.js';
import type { JsonObject } from '../../shared/json.js';

export { prng } from '../support/prng.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function fuzzer(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const strings = [
    '',
    'Pod',
    'CREATE',
    'v1',
    'admission.k8s.io/v1',
    '-1',
    'x'.repeat(300),
    '\u0000',
    '日本',
  ];
  const scalar = (): Json =>
    pick<() => Json>([
      () => null,
      () => random() < 0.5,
      () => int(1e6) - 5e5,
      () => random() * 1e20,
      () => pick(strings),
      () => [],
      () => ({}),
      () => [pick(strings), int(10)],
      () => ({ name: pick(strings) }),
    ])();

  /** Every container (object or array) in the tree, with the keys it holds. */
  const containers = (root: Json): (Json[] | { [key: string]: Json })[] => {
    const out: (Json[] | { [key: string]: Json })[] = [];
    const walk = (node: Json) => {
      if (node === null || typeof node !== 'object') return;
      out.push(node);
      for (const child of Array.isArray(node) ? node : Object.values(node)) walk(child);
    };
    walk(root);
    return out;
  };

  const retype = (value: Json): Json => {
    if (typeof value === 'string') return pick([Number(value) || 0, [value], { value }, null]);
    if (typeof value === 'number') return pick([String(value), -value, [value], null]);
    if (Array.isArray(value)) return pick([value[0] ?? null, {}, 'array', value.length]);
    if (value !== null && typeof value === 'object') return pick([[value], 'object', 0, null]);
    return pick(['true', 1, [], {}]);
  };

  /** Edits the tree in place a few times. */
  const mutateTree = (root: Json): void => {
    for (let n = 1 + int(3); n > 0; n--) {
      const target = pick(containers(root));
      const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
      if (keys.length === 0) continue;
      const key = pick<string | number>(keys);
      const record = target as Record<string | number, Json>;
      const action = int(4);
      if (action === 0) {
        if (Array.isArray(target)) target.splice(Number(key), 1);
        else delete record[key];
      } else if (action === 1) record[key] = scalar();
      else if (action === 2) record[key] = retype(record[key] ?? null);
      else record[key] = structuredClone(pick(containers(root)));
    }
  };

  /** One request: a route, a body and a content type. */
  return (paths: readonly string[], seeds: readonly { path: string; review: JsonObject }[]) => {
    const seed = pick(seeds);
    const review = structuredClone(seed.review) as Json;
    const path = random() < 0.9 ? seed.path : pick(paths);
    const kind = int(20);
    let body: string;
    if (kind < 12) {
      // Mostly inside the object, where the decisions read; sometimes the envelope.
      const request = (review as { request?: JsonObject }).request;
      const object = request?.['object'] as Json | undefined;
      mutateTree(random() < 0.7 && object !== undefined ? object : review);
      body = JSON.stringify(review);
    } else if (kind < 14) {
      const text = JSON.stringify(review);
      body = text.slice(0, int(text.length));
    } else if (kind < 16) {
      const request = (review as { request: JsonObject }).request;
      const object = request['object'] as JsonObject | undefined;
      if (object !== undefined)
        object[pick(['kind', 'apiVersion'])] = pick(['Service', 'v2', '', null]);
      else request['kind'] = pick(['Service', null, 7]);
      body = JSON.stringify(review);
    } else if (kind < 17) {
      (review as JsonObject)[pick(['apiVersion', 'kind'])] = pick([
        'admission.k8s.io/v1beta1',
        'Review',
        1,
      ]);
      body = JSON.stringify(review);
    } else if (kind < 18) {
      body = pick(['', 'null', '[]', '"review"', '{', '{}', '\u00ff\u00fe', 'true']);
    } else if (kind < 19 && int(10) === 0) {
      body = JSON.stringify({ ...(review as JsonObject), pad: 'x'.repeat(MAX_REVIEW_BYTES) });
    } else {
      body = JSON.stringify(review);
    }
    const contentType =
      random() < 0.97 ? 'application/json' : pick(['text/plain', '', 'application/jsonx']);
    return { path, body, contentType };
  };
}
