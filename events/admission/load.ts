/**
 * Sample events for tests and `make run`: each call returns a fresh clone,
 * so a test that edits its copy cannot leak into another.
 */
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/** The named fixture of this folder (`create-pod` → `create-pod.json`), parsed anew. */
export function loadAdmissionEvent<T = Record<string, unknown>>(name: string): T {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return JSON.parse(text) as T;
}
