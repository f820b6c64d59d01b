/**
 * The I/O shell of the certs function: read → plan (pure) → write, with
 * optimistic concurrency (a 409 re-reads and re-plans, at most MAX_ATTEMPTS
 * times) and no write when nothing changed. Problems that only a person or
 * the installer can fix are logged and returned; the next run retries.
 */
import type { Logger } from 'pino';
import type { CertsConfig } from '../../shared/certs/config.js';
import { KruiseFnError } from '../../shared/errors.js';
import { ConflictError, type CertsIO } from './certs-io.js';
import { checkExternal } from './check-external.js';
import { issueCerts } from './issue-certs.js';
import { nameOf } from './observed.js';
import { planCaBundles } from './plan-ca-bundles.js';
import { planSecret, secretData } from './plan-secret.js';

export const MAX_ATTEMPTS = 5;

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

async function withConflictRetry<T>(log: Logger, what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw err;
      log.info({ object: what, attempt }, 'Conflict, re-reading and retrying');
    }
  }
}

async function ensureSecret(io: CertsIO, opts: SyncOptions, log: Logger) {
  const { config } = opts;
  // Not `secret`: the logger redacts fields of that name.
  const secretRef = { name: config.secretName, namespace: config.namespace };
  return withConflictRetry(log, 'Secret', async () => {
    const observed = await io.readSecret();
    const now = opts.now();
    const plan = planSecret(observed, now, config);
    if (plan.action === 'keep') return { certs: plan.certs, outcome: 'unchanged' as const };
    if (plan.issue.kind === 'all' && observed !== undefined) {
      log.warn(
        { ...secretRef, reason: plan.issue.caReason },
        'CA is invalid or expires within a year, generating a new one',
      );
    }
    log.info(
      { ...secretRef, reason: plan.reason },
      'Cert is invalid or expired, regenerating a new one',
    );
    const certs = await issueCerts(plan.issue, config.dnsName, now);
    const data = secretData(certs);
    if (plan.action === 'create') {
      const to = await io.createSecret(data);
      log.info({ ...secretRef, to }, 'Cert writer created secret');
      return { certs, outcome: 'created' as const };
    }
    const from = plan.resourceVersion ?? '';
    const to = await io.updateSecret(from, data);
    log.info({ ...secretRef, from, to }, 'Cert writer update secret resourceVersion');
    return { certs, outcome: 'updated' as const };
  });
}

async function ensureBundles(io: CertsIO, caCertPem: string, log: Logger) {
  return withConflictRetry(log, 'caBundle', async () => {
    const plan = planCaBundles(caCertPem, await io.readBundles());
    const written: string[] = [];
    for (const change of plan.writes) {
      await io.write(change);
      const ref = { name: nameOf(change.object) };
      log.info({ [change.kind]: ref }, 'Update caBundle success');
      written.push(`${change.kind}/${ref.name}`);
    }
    return { written, problems: plan.problems };
  });
}

function logProblems(log: Logger, problems: readonly string[]): void {
  for (const problem of problems) {
    log.error({ problem }, 'Failed to sync webhook certs and configurations');
  }
}

export async function syncCerts(io: CertsIO, opts: SyncOptions, log: Logger): Promise<SyncResult> {
  log.info('Starting to sync webhook certs and configurations');
  if (opts.config.renewBeforeProblem !== undefined) {
    log.warn(
      { problem: opts.config.renewBeforeProblem },
      'Invalid CERTS_RENEW_BEFORE, using 180 days',
    );
  }
  if (opts.externalCerts) {
    const [secret, bundles] = await Promise.all([io.readSecret(), io.readBundles()]);
    const problems = checkExternal(opts.config.secretName, secret, bundles);
    logProblems(log, problems);
    log.info({ problems: problems.length }, 'Finished to sync webhook certs and configurations');
    return { mode: 'external', secret: 'checked', written: [], problems };
  }
  const secret = await ensureSecret(io, opts, log);
  const { written, problems } = await ensureBundles(io, secret.certs.caCertPem, log);
  logProblems(log, problems);
  log.info(
    { certs: secret.outcome, written: written.length, problems: problems.length },
    'Finished to sync webhook certs and configurations',
  );
  return { mode: 'self-signed', secret: secret.outcome, written, problems };
}

/** A sync that finished with problems: the HTTP and Lambda entries report it as a failure. */
export class SyncProblemsError extends KruiseFnError {
  override readonly code: number = 503;
  constructor(readonly result: SyncResult) {
    super(result.problems.join('; '));
  }
}
