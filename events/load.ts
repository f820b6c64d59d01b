/**
 * Sample events of any source folder (`audit`, `cloudevents`, `cloudwatch`,
 * `schedule`) for tests and `make run`: each call returns a fresh clone, so
 * a test that edits its copy cannot leak into another.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type EventSource = 'audit' | 'cloudevents' | 'cloudwatch' | 'schedule';

const cache = new Map<string, string>();

export function loadEvent<T = Record<string, unknown>>(source: EventSource, name: string): T {
  const key = `${source}/${name}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = readFileSync(new URL(`./${source}/${name}.json`, import.meta.url), 'utf8');
    cache.set(key, text);
  }
  return JSON.parse(text) as T;
}

/** The sample names of a source folder, sorted. */
export const eventNames = (source: EventSource): string[] =>
  readdirSync(new URL(`./${source}/`, import.meta.url))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
