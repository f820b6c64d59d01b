/** Sample events of the credentials function; each call returns a fresh clone. */
import { readFileSync } from 'node:fs';

/** The named fixture of this folder (`function-url-ecr-request` → its .json), parsed anew. */
export function loadCredentialsEvent<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as T;
}
