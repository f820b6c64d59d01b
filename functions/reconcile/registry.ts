/**
 * The controllers the reconcile function runs, by name (controller-runtime's
 * `controller` log field), each built from the same deps. A controller whose
 * feature gate is off is left out, as kruise-manager does not start it.
 */
import { containerRecreateRequestController } from './containerrecreaterequest/controller.js';
import type { ControllerDeps, ReconcileController } from './controller.js';
import { imagePullJobController } from './imagepulljob/controller.js';
import { nodeImageController } from './nodeimage/controller.js';
import { launchPriorityController } from './launch-priority/controller.js';
import { podReadinessController } from './pod-readiness/controller.js';
import { sidecarSetController } from './sidecarset/sidecarset-controller.js';
import { sidecarTerminatorController } from './sidecar-terminator/controller.js';
import { statefulSetController } from './statefulset/statefulset-controller.js';

export type ControllerFactory = (deps: ControllerDeps) => ReconcileController | undefined;

/** Every controller kruise-fn has; a factory returns undefined when its gates leave it off. */
export const CONTROLLER_FACTORIES: readonly ControllerFactory[] = [
  // OpenKruise starts it under no gate; only the pod webhook's barrier env makes it act.
  () => launchPriorityController(),
  sidecarTerminatorController,
  containerRecreateRequestController,
  sidecarSetController,
  statefulSetController,
  // OpenKruise starts it under no gate; only the pod webhook's KruisePodReady gate makes it act.
  podReadinessController,
  imagePullJobController,
  nodeImageController,
];

export const enabledControllers = (deps: ControllerDeps): ReconcileController[] =>
  CONTROLLER_FACTORIES.flatMap((make) => make(deps) ?? []);
