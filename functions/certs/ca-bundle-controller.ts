/**
 * caBundles on the reconcile spine: observe the Secret's CA and the objects
 * that carry it (both webhook configurations, apps.kruise.io conversion
 * webhooks), plan with planCaBundles (pure), write each stale object with
 * its resourceVersion as precondition. Runs after the Secret is settled.
 */
import type { CertsConfig } from './pki/config.js';
import type { Controller } from '../../shared/kube/reconcile-key.js';
import type { CertsIO } from './certs-io.js';
import { nameOf, type BundleWrite, type ObservedBundles } from './observed.js';
import { planCaBundles } from './plan-ca-bundles.js';
import { certsFromSecret } from './plan-secret.js';
import { WEBHOOK_CONTROLLER } from './secret-controller.js';

export interface ObservedCaBundles {
  /** The CA certificate PEM stored in the Secret ('' when none). */
  readonly caCertPem: string;
  readonly bundles: ObservedBundles;
}

export function caBundleController(
  config: CertsConfig,
): Controller<CertsIO, ObservedCaBundles, BundleWrite> {
  return {
    name: WEBHOOK_CONTROLLER,
    kind: 'Secret',
    async observe(io) {
      const [secret, bundles] = await Promise.all([io.readSecret(), io.readBundles()]);
      return { caCertPem: certsFromSecret(secret?.data ?? {}).caCertPem, bundles };
    },
    plan({ caCertPem, bundles }) {
      if (caCertPem === '') {
        const where = `${config.namespace}/${config.secretName}`;
        return { actions: [], problems: [`Secret ${where} has no CA certificate`] };
      }
      const plan = planCaBundles(caCertPem, bundles);
      return { actions: plan.writes, problems: plan.problems };
    },
    async apply(io, change, log) {
      await io.write(change);
      log.info({ [change.kind]: { name: nameOf(change.object) } }, 'Update caBundle success');
    },
    problemMessage: 'Failed to sync webhook certs and configurations',
  };
}
