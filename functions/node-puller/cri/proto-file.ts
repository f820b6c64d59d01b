/**
 * Where the CRI proto (k8s.io/cri-api runtime.v1 api.proto, taken at the
 * pinned version by infra/node/fetch-cri-proto.sh, never hand-copied) is
 * read from at run time: `CRI_PROTO_FILE`, else `cri-api.proto` beside the
 * bundle (`make build` puts it there).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KruiseFnError } from '../../../shared/errors.js';

export const CRI_PROTO_ENV = 'CRI_PROTO_FILE';
export const BUNDLED_PROTO_NAME = 'cri-api.proto';

export function criProtoFile(
  env: NodeJS.ProcessEnv = process.env,
  besideModule: string = dirname(fileURLToPath(import.meta.url)),
): string {
  const fromEnv = env[CRI_PROTO_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const bundled = join(besideModule, BUNDLED_PROTO_NAME);
  if (existsSync(bundled)) return bundled;
  throw new KruiseFnError(
    `no CRI proto: set ${CRI_PROTO_ENV}, or run \`make build\`, which puts ${BUNDLED_PROTO_NAME} beside the bundle`,
  );
}
