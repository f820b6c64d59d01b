/**
 * The cached CRI proto that infra/node/fetch-cri-proto.sh takes from the Go
 * module proxy, at the version infra/node/versions.env pins (the one place
 * it is set). Used by tests and by `make build`, which puts it beside the
 * node puller's bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../dev/binaries.js';

const VERSIONS = fileURLToPath(new URL('./versions.env', import.meta.url));

/** A `NAME=value` of infra/node/versions.env. */
export function nodeVersion(name: string, file = VERSIONS): string {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(\S+)\s*$/.exec(line);
    if (m?.[1] === name && m[2] !== undefined) return m[2].replace(/^"|"$/g, '');
  }
  throw new Error(`${file} does not set ${name}`);
}

/** The cached api.proto; an error naming the fix when it was not fetched. */
export function cachedCriProto(): string {
  const path = join(cacheDir(), `cri-api-${nodeVersion('CRI_API_VERSION')}`, 'api.proto');
  if (!existsSync(path)) {
    throw new Error(
      `CRI proto missing (${path}): take it with \`make cri-proto\` ` +
        '(infra/node/fetch-cri-proto.sh, from the Go module proxy; needs Go)',
    );
  }
  return path;
}
