/**
 * One admission route: the path the kube-apiserver posts to, the object kind
 * it must carry, and the decision that answers it. The shell (readReview →
 * routeDecider: decode, then runDecision → toReviewResponse) is the same for
 * every route.
 */
import type { Logger } from 'pino';
import type { AdmissionInput, Decision } from './decision.js';
import type { JsonObject } from '../json.js';

export interface ExpectedKind {
  /** `kind` of `request.object`, e.g. `Pod`. */
  readonly kind: string;
  /** Accepted `apiVersion`s of `request.object`, e.g. `['v1']`. */
  readonly apiVersions: readonly string[];
}

export type Decide = (
  input: AdmissionInput<JsonObject>,
  log: Logger,
) => Decision | Promise<Decision>;

export interface AdmissionRoute {
  readonly path: string;
  readonly kind: ExpectedKind;
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
  readonly decide: Decide;
}
