/**
 * The certificate Secret on the reconcile spine: observe the Secret, plan
 * with planSecret (pure), and carry out the one write it may ask for,
 * issuing the certificates it names first. Issuing is done in `apply`, not
 * in the plan: key generation is neither pure nor cheap, and after a lost
 * race the re-plan may not need it at all.
 */
import type { CertsConfig } from './pki/config.js';
import type { Controller } from '../../shared/kube/reconcile-key.js';
import type { CertsIO } from './certs-io.js';
import { issueCerts } from './issue-certs.js';
import { planSecret, secretData, type Issue, type ObservedSecret } from './plan-secret.js';

export const WEBHOOK_CONTROLLER = 'webhook-controller';

export interface SecretAction {
  readonly type: 'writeSecret';
  readonly op: 'create' | 'update';
  /** The precondition of an update. */
  readonly resourceVersion?: string;
  readonly issue: Issue;
  /** Why the Secret is written. */
  readonly reason: string;
  /** Set when a stored CA is replaced: why. */
  readonly caReason?: string;
}

export interface ObservedCertSecret {
  readonly secret: ObservedSecret | undefined;
  readonly now: Date;
}

export function secretController(
  config: CertsConfig,
  now: () => Date,
): Controller<CertsIO, ObservedCertSecret, SecretAction> {
  // The spine's `Secret: {name, namespace}` field names the Secret on every line.
  return {
    name: WEBHOOK_CONTROLLER,
    kind: 'Secret',
    // An absent Secret is a state to converge, not a deleted object.
    observe: async (io) => ({ secret: await io.readSecret(), now: now() }),
    plan({ secret, now: at }) {
      const plan = planSecret(secret, at, config);
      if (plan.action === 'keep') return { actions: [] };
      const caReason =
        plan.issue.kind === 'all' && secret !== undefined ? plan.issue.caReason : undefined;
      return {
        actions: [
          {
            type: 'writeSecret',
            op: plan.action,
            ...(plan.resourceVersion !== undefined && { resourceVersion: plan.resourceVersion }),
            issue: plan.issue,
            reason: plan.reason,
            ...(caReason !== undefined && { caReason }),
          },
        ],
      };
    },
    async apply(io, action, log) {
      if (action.caReason !== undefined) {
        log.warn(
          { reason: action.caReason },
          'CA is invalid or expires within a year, generating a new one',
        );
      }
      log.info({ reason: action.reason }, 'Cert is invalid or expired, regenerating a new one');
      const data = secretData(await issueCerts(action.issue, config.dnsName, now()));
      if (action.op === 'create') {
        const to = await io.createSecret(data);
        log.info({ to }, 'Cert writer created secret');
        return;
      }
      const from = action.resourceVersion ?? '';
      const to = await io.updateSecret(from, data);
      log.info({ from, to }, 'Cert writer update secret resourceVersion');
    },
    problemMessage: 'Failed to sync webhook certs and configurations',
  };
}
