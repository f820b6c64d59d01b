/**
 * The validation oracle (infra/go-oracle-validation/main.go) for TypeScript
 * tests: build.sh builds it once into the binary cache (or finds it there)
 * and prints its path; goValidateAll runs one `validate` process over many
 * requests. Expected errors come from Kubernetes' own Go code, never from the
 * code under test.
 */
import { fileURLToPath } from 'node:url';
import { cachedBinary, runLines } from '../go-oracle/cached-binary.js';

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
  return runLines<ValidationRequest, ValidationAnswer>(goValidationOracle(), 'validate', requests);
}
