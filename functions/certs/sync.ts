/**
 * One certs sync on the shared reconcile spine (shared/kube/reconcile-key.ts),
 * in OpenKruise's order: settle the Secret, then write its CA into every
 * caBundle (or, with EnableExternalCerts, only check them). Each step
 * re-observes and re-plans on a conflict and writes nothing when nothing
 * changed. Problems that only a person or the installer can fix are logged
 * and returned; the next run retries. A step that fails throws its error.
 */
import type { Logger } from 'pino';
import type { CertsConfig } from './pki/config.js';
import { KruiseFnError } from '../../shared/errors.js';
import { reconcileKey, type ReconcileResult } from '../../shared/kube/reconcile-key.js';
import { caBundleController } from './ca-bundle-controller.js';
import type { CertsIO } from './certs-io.js';
import { externalCertsController } from './external-controller.js';
import { secretController, WEBHOOK_CONTROLLER, type SecretAction } from './secret-controller.js';

export interface SyncResult {
  readonly mode: 'self-signed' | 'external';
  /** What happened to the Secret: `checked` in external mode (never written). */
  readonly secret: 'created' | 'updated' | 'unchanged' | 'checked';
  /** `<Kind>/<name>` of every configuration or CRD written. */
  readonly written: readonly string[];
  readonly problems: readonly string[];
}

export interface SyncOptions {
  readonly config: CertsConfig;
  readonly externalCerts: boolean;
  readonly now: () => Date;
}

/** The result of a step that converged; a failed step throws its error. */
function settled<A>(result: ReconcileResult<A>): ReconcileResult<A> {
  if (result.outcome === 'failed' || result.outcome === 'terminal') throw result.error;
  return result;
}

const secretOutcome = (applied: readonly SecretAction[]): SyncResult['secret'] => {
  const last = applied.at(-1);
  return last === undefined ? 'unchanged' : last.op === 'create' ? 'created' : 'updated';
};

export async function syncCerts(io: CertsIO, opts: SyncOptions, log: Logger): Promise<SyncResult> {
  const { config } = opts;
  const key = { namespace: config.namespace, name: config.secretName };
  // Each step's lines carry the spine's fields (controller, controllerKind, Secret, reconcileID).
  const own = log.child({ controller: WEBHOOK_CONTROLLER });
  own.info('Starting to sync webhook certs and configurations');
  if (config.renewBeforeProblem !== undefined) {
    own.warn({ problem: config.renewBeforeProblem }, 'Invalid CERTS_RENEW_BEFORE, using 180 days');
  }
  if (opts.externalCerts) {
    const checked = settled(await reconcileKey(key, externalCertsController(config), io, log));
    const { problems } = checked;
    own.info({ problems: problems.length }, 'Finished to sync webhook certs and configurations');
    return { mode: 'external', secret: 'checked', written: [], problems };
  }
  const secret = settled(await reconcileKey(key, secretController(config, opts.now), io, log));
  const bundles = settled(await reconcileKey(key, caBundleController(config), io, log));
  const written = bundles.applied.map((w) => `${w.kind}/${w.object.metadata?.name ?? ''}`);
  const problems = [...secret.problems, ...bundles.problems];
  const outcome = secretOutcome(secret.applied);
  own.info(
    { certs: outcome, written: written.length, problems: problems.length },
    'Finished to sync webhook certs and configurations',
  );
  return { mode: 'self-signed', secret: outcome, written, problems };
}

/** A sync that finished with problems: the HTTP and Lambda entries report it as a failure. */
export class SyncProblemsError extends KruiseFnError {
  override readonly code: number = 503;
  constructor(readonly result: SyncResult) {
    super(result.problems.join('; '));
  }
}
