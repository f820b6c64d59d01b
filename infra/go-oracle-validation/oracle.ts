/**
 * The validation oracle (infra/go-oracle-validation/main.go) for TypeScript
 * tests: build.sh builds it once into the binary cache (or finds it there)
 * and prints its path; goValidateAll runs one `validate` process over many
 * requests. Expected errors come from Kubernetes' own Go code, never from the
 * code under test.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cachedBinary } from '../go-oracle/cached-binary.js';

/** The oracle binary's path, built first if the cache has none for these sources. */
export const goValidationOracle = cachedBinary(
  fileURLToPath(new URL('./build.sh', import.meta.url)),
  'The validation oracle',
);

/** One request: what the SidecarSet holds (core/v1 JSON), and the kind it exercises. */
export interface ValidationRequest {
  readonly kind: 'containers' | 'initContainers' | 'volumes';
  readonly containers?: readonly unknown[];
  readonly initContainers?: readonly unknown[];
  readonly volumes?: readonly unknown[];
}

/** Go's answer: each field error's Error(), their aggregate, or the decode error. */
export interface ValidationAnswer {
  readonly errors?: readonly string[];
  readonly aggregate?: string;
  readonly error?: string;
}

/** Runs `go-oracle-validation validate` once over all `requests` and returns Go's answers in order. */
export function goValidateAll(requests: readonly ValidationRequest[]): Promise<ValidationAnswer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(goValidationOracle(), ['validate'], { stdio: 'pipe' });
    const answers: ValidationAnswer[] = [];
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    let exitCode: number | null | undefined;
    let read = false;
    const settle = () => {
      if (exitCode === undefined || !read) return;
      if (exitCode === 0 && answers.length === requests.length) resolve(answers);
      else {
        const why = `exited with ${String(exitCode)} after ${answers.length} answers`;
        reject(new Error(`go-oracle-validation ${why}: ${stderr}`));
      }
    };
    createInterface({ input: child.stdout })
      .on('line', (line) => answers.push(JSON.parse(line) as ValidationAnswer))
      .on('close', () => {
        read = true;
        settle();
      });
    child.on('error', reject);
    child.on('exit', (code) => {
      exitCode = code;
      settle();
    });
    child.stdin.end(requests.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });
}
