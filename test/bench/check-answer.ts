/**
 * The bench's own check of an answer to the bench pod's review: allowed, with
 * a patch that, applied to the bench pod, gives the injected containers. A
 * figure from an answer that did not inject is void, so this throws.
 */
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { benchPod } from './fixtures.js';

export interface CheckedAnswer {
  /** JSONPatch operations in the answer. */
  readonly patchOps: number;
  /** Container names of the patched pod. */
  readonly containersAfter: string[];
}

/** The answer's HTTP status and body, checked; throws when the pod was not mutated. */
export function checkAnswer(status: number, body: string): CheckedAnswer {
  let review: { response?: { allowed?: boolean; patch?: string } } | undefined;
  try {
    review = JSON.parse(body) as typeof review;
  } catch {
    review = undefined;
  }
  const patch = review?.response?.patch;
  if (status !== 200 || review?.response?.allowed !== true || !patch) {
    throw new Error(`The bench pod was not mutated: HTTP ${status} ${body.slice(0, 500)}`);
  }
  const ops = JSON.parse(Buffer.from(patch, 'base64').toString()) as Operation[];
  const patched = fastJsonPatch.applyPatch(benchPod(), ops).newDocument as {
    spec: { containers: { name: string }[] };
  };
  return { patchOps: ops.length, containersAfter: patched.spec.containers.map((c) => c.name) };
}
