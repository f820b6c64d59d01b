/**
 * The admission webhook's routes: health, readiness, and one POST per
 * admission route. Each route only decodes the review, calls its decision
 * (fed with cluster data from deps.ts) and encodes the answer. The table
 * follows OpenKruise's registration: the pod webhook exists only while the
 * `PodWebhook` gate is on.
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { allow, deny, type AdmissionInput } from '../../shared/admission/decision.js';
import { readReview } from '../../shared/admission/read-review.js';
import { errorToReview, toReviewResponse } from '../../shared/admission/review-response.js';
import type { AdmissionRoute } from '../../shared/admission/route.js';
import type { JsonObject } from '../../shared/json.js';
import { routeDecider } from '../../shared/admission/decide-route.js';
import { admissionLogger, kref, logV } from '../../shared/log/index.js';
import type { RouteDeps } from './deps.js';
import { defaultContainerRecreateRequest, podToRead } from './containerrecreaterequest/defaults.js';
import type { PodReader } from './containerrecreaterequest/reads.js';
import type { ContainerRecreateRequest } from './containerrecreaterequest/types.js';
import { mutatePod } from './pod/mutate-pod.js';
import { defaultImagePullJob } from './imagepulljob/defaults.js';
import type { ImagePullJob } from './imagepulljob/types.js';
import { validateImagePullJob } from './imagepulljob/validate.js';
import { defaultNodeImage, validateNodeImage } from './nodeimage/nodeimage.js';
import type { NodeImage } from './nodeimage/types.js';
import { defaultSidecarSet } from './sidecarset/defaults.js';
import type { SidecarSet } from './sidecarset/types.js';
import { validateSidecarSet } from './sidecarset/validate-sidecarset.js';
import { defaultStatefulSet } from './statefulset/defaults.js';
import type { StatefulSet } from './statefulset/types.js';
import { validateStatefulSet } from './statefulset/validate-statefulset.js';

const POD = { kind: 'Pod', apiVersions: ['v1'] };
const kruiseKind = (kind: string, versions = ['v1alpha1']) => ({
  kind,
  apiVersions: versions.map((v) => `apps.kruise.io/${v}`),
});
const SIDECARSET = kruiseKind('SidecarSet');
const STATEFULSET = kruiseKind('StatefulSet', ['v1alpha1', 'v1beta1']);
const IMAGEPULLJOB = kruiseKind('ImagePullJob');
const NODEIMAGE = kruiseKind('NodeImage');
const CRR = kruiseKind('ContainerRecreateRequest');

// The shell decoded the object into the kind's Go types (shared/admission/decide-route.ts).
const typed = <T>(input: AdmissionInput<JsonObject>) => input as unknown as AdmissionInput<T>;

/** Reads of the routes RouteDeps does not cover yet. */
export interface ExtraRouteDeps {
  /** The Pod a ContainerRecreateRequest names. */
  readonly crrPods: PodReader;
}

/** Every route this function serves, for the given gates. */
export function admissionRoutes(deps: RouteDeps, extra: ExtraRouteDeps): AdmissionRoute[] {
  const pod: AdmissionRoute = {
    path: '/mutate-pod',
    kind: POD,
    fillNamespace: true,
    decide: async (input, log) => {
      const podInput = await deps.podInput(input);
      const result = mutatePod({ ...podInput, now: deps.now(), randomSuffix: deps.randomSuffix });
      if ('error' in result) return deny(result.error.code, result.error.message);
      if (result.injected.length > 0) {
        logV(log, 3).info({ sidecarSets: result.injected }, 'Injected sidecars into pod');
      }
      return allow(result.pod);
    },
  };
  return [
    ...(deps.gates.enabled('PodWebhook') ? [pod] : []),
    {
      path: '/mutate-apps-kruise-io-v1alpha1-sidecarset',
      kind: SIDECARSET,
      decide: (input) => defaultSidecarSet(typed<SidecarSet>(input)),
    },
    {
      path: '/validate-apps-kruise-io-v1alpha1-sidecarset',
      kind: SIDECARSET,
      decide: async (input) => {
        const ctx = await deps.sidecarSetContext(input.object as SidecarSet);
        return validateSidecarSet(typed<SidecarSet>(input), ctx);
      },
    },
    {
      path: '/mutate-apps-kruise-io-statefulset',
      kind: STATEFULSET,
      decide: (input) => defaultStatefulSet(typed<StatefulSet>(input), deps),
    },
    {
      path: '/validate-apps-kruise-io-statefulset',
      kind: STATEFULSET,
      decide: (input) => validateStatefulSet(typed<StatefulSet>(input), deps),
    },
    {
      path: '/mutate-apps-kruise-io-v1alpha1-imagepulljob',
      kind: IMAGEPULLJOB,
      decide: (input) => defaultImagePullJob(typed<ImagePullJob>(input)),
    },
    {
      path: '/validate-apps-kruise-io-v1alpha1-imagepulljob',
      kind: IMAGEPULLJOB,
      decide: (input) => validateImagePullJob(typed<ImagePullJob>(input), deps),
    },
    {
      path: '/mutate-apps-kruise-io-v1alpha1-nodeimage',
      kind: NODEIMAGE,
      decide: (input) => defaultNodeImage(typed<NodeImage>(input), { now: deps.now() }),
    },
    {
      path: '/validate-apps-kruise-io-v1alpha1-nodeimage',
      kind: NODEIMAGE,
      decide: (input) => validateNodeImage(typed<NodeImage>(input), deps),
    },
    {
      path: '/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest',
      kind: CRR,
      // OpenKruise's handler checks the gate before it decodes the object.
      beforeDecode: () =>
        deps.gates.enabled('KruiseDaemon')
          ? undefined
          : deny(403, 'feature-gate KruiseDaemon is not enabled'),
      decide: async (input) => {
        const crr = typed<ContainerRecreateRequest>(input);
        const target = podToRead(crr);
        const pod = target && (await extra.crrPods(target.namespace, target.name));
        return defaultContainerRecreateRequest(crr, pod === undefined ? {} : { pod });
      },
    },
  ];
}

export interface AdmissionDeps {
  readonly log: Logger;
  readonly routes: readonly AdmissionRoute[];
  /** Why the function cannot answer yet (e.g. SidecarSets not read), or undefined when ready. */
  readonly notReady: () => string | undefined;
  /** Body cap; default MAX_REVIEW_BYTES (3 MiB). */
  readonly maxBodyBytes?: number;
}

export function createApp(deps: AdmissionDeps) {
  const app = new Hono<{ Variables: { uid?: string } }>();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', (c) => {
    const reason = deps.notReady();
    return reason === undefined ? c.text('ok') : c.text(reason, 503);
  });
  for (const route of deps.routes) {
    const decide = routeDecider(route);
    app.post(route.path, async (c) => {
      const { input, rawObject, user } = await readReview(c.req.raw, route, deps.maxBodyBytes);
      c.set('uid', input.uid);
      const log = admissionLogger(deps.log, {
        object: kref(input.namespace, input.name),
        resource: input.resource,
        user,
        requestID: input.uid,
      });
      const decision = await decide(input, log);
      return c.json(toReviewResponse(input.uid, decision, rawObject));
    });
  }
  app.onError((err, c) => {
    const { http, body } = errorToReview(err, c.get('uid'));
    const fields = { err, path: c.req.path, status: http };
    if (http >= 500) deps.log.error(fields, 'Admission request failed');
    else deps.log.warn(fields, 'Rejected malformed admission request');
    return c.json(body, http);
  });
  return app;
}
