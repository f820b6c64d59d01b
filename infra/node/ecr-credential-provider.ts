/**
 * Where infra/node/build-ecr-credential-provider.sh put the upstream
 * ecr-credential-provider: `<cache>/bin/ecr-credential-provider-<version>`,
 * the version of infra/node/versions.env. A clear error naming the fix when
 * it is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../dev/binaries.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export function ecrCredentialProviderVersion(): string {
  const file = join(here, 'versions.env');
  const m = /^ECR_CREDENTIAL_PROVIDER_VERSION=(\S+)\s*$/m.exec(readFileSync(file, 'utf8'));
  if (m?.[1] === undefined) throw new Error(`${file} must set ECR_CREDENTIAL_PROVIDER_VERSION`);
  return m[1];
}

export function findEcrCredentialProvider(): string {
  const path = join(cacheDir(), 'bin', `ecr-credential-provider-${ecrCredentialProviderVersion()}`);
  if (!existsSync(path))
    throw new Error(
      `test infrastructure missing: ${path}. Build it with \`make ecr-credential-provider\` ` +
        '(infra/node/build-ecr-credential-provider.sh; Go and the Go module proxy).',
    );
  return path;
}
