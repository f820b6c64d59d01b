/**
 * The controllers the reconcile function runs, by name (controller-runtime's
 * `controller` log field), each built from the same deps. A controller whose
 * feature gate is off is left out, as kruise-manager does not start it.
 */
import type { ControllerDeps, ReconcileController } from './controller.js';
import { sidecarSetController } from './sidecarset/sidecarset-controller.js';

export type ControllerFactory = (deps: ControllerDeps) => ReconcileController | undefined;

/** Every controller kruise-fn has; a factory returns undefined when its gates leave it off. */
export const CONTROLLER_FACTORIES: readonly ControllerFactory[] = [
  // ReconcileController's defaults are `unknown`; each controller is typed over its own observation.
  sidecarSetController as ControllerFactory,
];

export const enabledControllers = (deps: ControllerDeps): ReconcileController[] =>
  CONTROLLER_FACTORIES.flatMap((make) => make(deps) ?? []);
