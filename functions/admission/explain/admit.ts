/**
 * One object through the admission function exactly as the kube-apiserver
 * would send it: an AdmissionReview (CREATE, dry run) posted in process to
 * the function's own app (app.ts: the same review parsing, Go decode,
 * decision and patch encoding the webhook runs), and the answer's JSON
 * Patch applied to the object as the apiserver applies it.
 */
import { randomUUID } from 'node:crypto';
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import type { Logger } from 'pino';
import { KruiseFnError } from '../../../shared/errors.js';
import { isJsonObject, type JsonObject } from '../../../shared/json.js';
import { createApp } from '../app.js';
import { REVIEW_API_VERSION, REVIEW_KIND } from '../review/parse-review.js';
import type { AdmissionReviewResponse } from '../review/review-response.js';
import type { AdmissionRoute } from '../review/route.js';

export interface AdmitRequest {
  /** The webhook path, e.g. `/mutate-pod`. */
  readonly path: string;
  /** Group, version and resource of the object, e.g. `['', 'v1', 'pods']`. */
  readonly resource: readonly [group: string, version: string, resource: string];
  readonly kind: string;
  /** request.namespace ('' for cluster-scoped objects). */
  readonly namespace: string;
  readonly object: JsonObject;
}

export type AdmitResult =
  | { readonly allowed: true; readonly object: JsonObject; readonly patch: readonly Operation[] }
  | { readonly allowed: false; readonly code: number; readonly message: string };

/** The function's answer to a review that was not even read (HTTP 400/413/500). */
export class AdmitError extends KruiseFnError {}

export type Admit = (request: AdmitRequest) => Promise<AdmitResult>;

/** An admitter over `routes`, logging to `log`. */
export function admitter(routes: readonly AdmissionRoute[], log: Logger): Admit {
  const app = createApp({ log, routes, notReady: () => undefined });
  return async (request) => {
    const [group, version, resource] = request.resource;
    const metadata = isJsonObject(request.object['metadata']) ? request.object['metadata'] : {};
    const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
    const body = {
      apiVersion: REVIEW_API_VERSION,
      kind: REVIEW_KIND,
      request: {
        uid: randomUUID(),
        kind: { group, version, kind: request.kind },
        resource: { group, version, resource },
        requestKind: { group, version, kind: request.kind },
        requestResource: { group, version, resource },
        name,
        namespace: request.namespace,
        operation: 'CREATE',
        userInfo: { username: 'kruise-fn-explain' },
        object: request.object,
        dryRun: true,
        options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
      },
    };
    const res = await app.request(request.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const review = (await res.json()) as AdmissionReviewResponse;
    const { response } = review;
    if (res.status !== 200) {
      throw new AdmitError(response.status?.message ?? `HTTP ${res.status}`);
    }
    if (!response.allowed) {
      return {
        allowed: false,
        code: response.status?.code ?? 0,
        message: response.status?.message ?? '',
      };
    }
    const patch: Operation[] =
      response.patch === undefined
        ? []
        : (JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as Operation[]);
    const object = fastJsonPatch.applyPatch(
      structuredClone(request.object),
      patch,
      true,
      false,
    ).newDocument;
    return { allowed: true, object, patch };
  };
}
