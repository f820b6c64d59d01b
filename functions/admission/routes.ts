/**
 * One route per webhook descriptor (webhooks.ts): the decision each webhook
 * name answers with, fed with cluster data from route-deps.ts. The record of
 * decisions is keyed by webhook name, so a descriptor without a decision (or
 * a decision without a descriptor) does not compile.
 */
import { allow, deny, type Decision } from './review/decision.js';
import type { AdmissionRoute, RouteHandler } from './review/route.js';
import type {
  DecodedContainerRecreateRequest,
  DecodedImagePullJob,
  DecodedNodeImage,
  DecodedPod,
  DecodedSidecarSet,
  DecodedStatefulSet,
} from '../../shared/api/decoded.js';
import { logV } from '../../shared/log/index.js';
import { defaultContainerRecreateRequest, podToRead } from './containerrecreaterequest/defaults.js';
import { defaultImagePullJob } from './imagepulljob/defaults.js';
import { validateImagePullJob } from './imagepulljob/validate.js';
import { defaultNodeImage, validateNodeImage } from './nodeimage/nodeimage.js';
import { mutatePod } from './pod/mutate-pod.js';
import type { RouteDeps } from './route-deps.js';
import { defaultSidecarSet } from './sidecarset/defaults.js';
import { validateSidecarSet } from './sidecarset/validate-sidecarset.js';
import { defaultStatefulSet } from './statefulset/defaults.js';
import { validateStatefulSet } from './statefulset/validate-statefulset.js';
import { enabledWebhooks, expectedKind, type WebhookName } from './webhooks.js';

/** A handler deciding on the object as Go decoded it into the route's kind. */
const on = <T>(
  decide: RouteHandler<T>['decide'],
  steps: Omit<RouteHandler<T>, 'decide'> = {},
): RouteHandler<T> => ({ ...steps, decide });

function handlers(deps: RouteDeps): Record<WebhookName, RouteHandler> {
  return {
    'mpod.kb.io': on<DecodedPod>(
      async (input, log): Promise<Decision> => {
        const podInput = await deps.podInput(input);
        const now = deps.now();
        const result = mutatePod({ ...podInput, now, randomSuffix: deps.randomSuffix });
        if ('error' in result) return deny(result.error.code, result.error.message);
        // One line per SidecarSet (OpenKruise logs each at V(3)), so injections count by `sidecarSet`.
        for (const sidecarSet of result.injected) {
          logV(log, 3).info({ sidecarSet }, 'Injected sidecars into pod');
        }
        return allow(result.pod);
      },
      { fillNamespace: true },
    ),
    'msidecarset.kb.io': on<DecodedSidecarSet>((input) => defaultSidecarSet(input)),
    'vsidecarset.kb.io': on<DecodedSidecarSet>(async (input) =>
      validateSidecarSet(input, await deps.sidecarSetContext(input.object)),
    ),
    'mstatefulset.kb.io': on<DecodedStatefulSet>((input) => defaultStatefulSet(input, deps)),
    'vstatefulset.kb.io': on<DecodedStatefulSet>((input) => validateStatefulSet(input, deps)),
    'mimagepulljob.kb.io': on<DecodedImagePullJob>((input) => defaultImagePullJob(input)),
    'vimagepulljob.kb.io': on<DecodedImagePullJob>((input) => validateImagePullJob(input, deps)),
    'mnodeimage.kb.io': on<DecodedNodeImage>((input) =>
      defaultNodeImage(input, { now: deps.now() }),
    ),
    'vnodeimage.kb.io': on<DecodedNodeImage>((input) => validateNodeImage(input, deps)),
    'mcontainerrecreaterequest.kb.io': on<DecodedContainerRecreateRequest>(
      async (input) => {
        const target = podToRead(input);
        const pod = target && (await deps.crrPod(target.namespace, target.name));
        return defaultContainerRecreateRequest(input, pod === undefined ? {} : { pod });
      },
      {
        // OpenKruise's handler checks the gate before it decodes the object.
        beforeDecode: () =>
          deps.gates.enabled('KruiseDaemon')
            ? undefined
            : deny(403, 'feature-gate KruiseDaemon is not enabled'),
      },
    ),
  };
}

/** Every route this function serves under `deps.gates`, one per enabled webhook. */
export function admissionRoutes(deps: RouteDeps): AdmissionRoute[] {
  const byName = handlers(deps);
  return enabledWebhooks(deps.gates).map((w) => ({
    path: w.path,
    kind: expectedKind(w),
    ...byName[w.name],
  }));
}
