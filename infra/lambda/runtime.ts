/**
 * Where infra/lambda/build-runtime.sh put the Lambda runtime: the runtime
 * interface emulator at the version of infra/lambda/versions.env and the
 * runtime interface client installed from infra/lambda/ric/package-lock.json
 * (its folder is keyed by the lock's hash, as the script keys it).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../dev/binaries.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface LambdaRuntime {
  /** The aws-lambda-rie binary. */
  readonly emulator: string;
  /** aws-lambda-ric's entry script (run with node, handler as its argument). */
  readonly client: string;
}

function rieVersion(): string {
  const file = join(here, 'versions.env');
  const m = /^RIE_VERSION=(\S+)\s*$/m.exec(readFileSync(file, 'utf8'));
  if (m?.[1] === undefined) throw new Error(`${file} must set RIE_VERSION`);
  return m[1];
}

export function ricDir(): string {
  const lock = readFileSync(join(here, 'ric', 'package-lock.json'));
  const key = createHash('sha256').update(lock).digest('hex').slice(0, 16);
  return join(cacheDir(), `aws-lambda-ric-${key}`);
}

/** Both paths; a clear error naming the fix when one is missing. */
export function findLambdaRuntime(): LambdaRuntime {
  const found = {
    emulator: join(cacheDir(), 'bin', `aws-lambda-rie-${rieVersion()}`),
    client: join(ricDir(), 'node_modules', 'aws-lambda-ric', 'bin', 'index.mjs'),
  };
  const missing = Object.entries(found).filter(([, path]) => !existsSync(path));
  if (missing.length > 0) {
    const list = missing.map(([name, path]) => `${name} (${path})`).join(', ');
    throw new Error(
      `Lambda runtime missing: ${list}. Build it with \`make lambda-runtime\` ` +
        '(infra/lambda/build-runtime.sh: the emulator from the Go module proxy, the client from npm).',
    );
  }
  return found;
}
