/**
 * One admission route: the path the kube-apiserver posts to, the object kind
 * it must carry, and the decision that answers it. The shell (readReview →
 * routeDecider: decode, then runDecision → toReviewResponse) is the same for
 * every route.
 */
import type { Logger } from 'pino';
import type { AdmissionInput, Decision } from './decision.js';
import type { JsonObject } from '../../../shared/json.js';

export interface ExpectedKind {
  /** `kind` of `request.object`, e.g. `Pod`. */
  readonly kind: string;
  /** Accepted `apiVersion`s of `request.object`, e.g. `['v1']`. */
  readonly apiVersions: readonly string[];
}

/**
 * What answers a route: the decision on the request object as `T`, the
 * kind's type as Go decoded it (decide-route.ts checks the object against
 * that type before any decision sees it), and the shell's optional steps.
 */
export interface RouteHandler<T = JsonObject> {
  /**
   * Give an object without `metadata.namespace` the request's namespace
   * before deciding and diffing (OpenKruise does this for pods, SPEC §2.6),
   * so the patch never adds `metadata.namespace`.
   */
  readonly fillNamespace?: boolean;
  /**
   * An answer due before the object is even decoded, or undefined to go on
   * (OpenKruise's CRR handler checks the KruiseDaemon gate first).
   */
  readonly beforeDecode?: () => Decision | undefined;
  // A method, not a function property: handlers of different kinds then fit one list.
  decide(input: AdmissionInput<T>, log: Logger): Decision | Promise<Decision>;
}

export interface AdmissionRoute<T = JsonObject> extends RouteHandler<T> {
  readonly path: string;
  readonly kind: ExpectedKind;
}
