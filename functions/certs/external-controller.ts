/**
 * EnableExternalCerts on the reconcile spine: observe the cert-manager Secret
 * and the objects carrying caBundles; the plan never writes (nothing of ours
 * writes certificates or caBundles in this mode, SPEC.md §8.3) and only
 * reports what does not match, in OpenKruise's words.
 */
import type { CertsConfig } from './pki/config.js';
import type { Controller } from '../../shared/kube/reconcile-key.js';
import type { CertsIO } from './certs-io.js';
import { checkExternal } from './check-external.js';
import type { ObservedBundles } from './observed.js';
import type { ObservedSecret } from './plan-secret.js';
import { WEBHOOK_CONTROLLER } from './secret-controller.js';

export interface ObservedExternal {
  readonly secret: ObservedSecret | undefined;
  readonly bundles: ObservedBundles;
}

export function externalCertsController(
  config: CertsConfig,
): Controller<CertsIO, ObservedExternal, never> {
  return {
    name: WEBHOOK_CONTROLLER,
    kind: 'Secret',
    async observe(io) {
      const [secret, bundles] = await Promise.all([io.readSecret(), io.readBundles()]);
      return { secret, bundles };
    },
    plan: ({ secret, bundles }) => ({
      actions: [],
      problems: checkExternal(config.secretName, secret, bundles),
    }),
    apply: async () => undefined,
    problemMessage: 'Failed to sync webhook certs and configurations',
  };
}
