/**
 * The reconcile function of a test, fed the way a cluster feeds it: the
 * shared control plane's kube-apiserver sends its audit batches (our audit
 * policy) through the run's relay to this function's `/audit`, and the
 * function reconciles what they name. Tests make changes through the API and
 * wait for the cluster to reach the state they expect; they never build an
 * event themselves.
 *
 * The function runs as the chart's ServiceAccount `kruise-fn-reconcile`
 * (test/support/chart-identity.ts: a token, the chart's ClusterRole and
 * Roles only), so a call its RBAC lacks is refused with 403 Forbidden as in
 * a cluster; the test keeps the admin kubeconfig for setup and assertions.
 *
 * Each batch the function is sent is kept with what its events named and
 * every API request the function made for it, so a test can tell which
 * invocation did a write (a requeue is only ever run by the invocation that
 * reconciled the key first).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '../../functions/reconcile/app.js';
import type { ObjectRef, ReconcileController } from '../../functions/reconcile/controller.js';
import type { Batch } from '../../functions/reconcile/intake/batch.js';
import { reconcileBatch, type BatchSummary } from '../../functions/reconcile/reconcile-batch.js';
import { enabledControllers } from '../../functions/reconcile/registry.js';
import type { RunOptions } from '../../functions/reconcile/run.js';
import type { ControlPlane } from '../../infra/dev/start-control-plane.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import { serveApp } from '../../shared/http/serve.js';
import { clientOver, kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { kubeTransport } from '../../shared/kube/transport.js';
import { createLogger, type Logger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { setAuditTarget } from './audit-relay.js';
import { chartIdentity, type ChartIdentity } from './chart-identity.js';
import { ensureNamespace, sharedAuditRelay } from './control-plane.js';

export interface ReconcileHarnessOptions {
  readonly featureGates?: string;
  /** Default: the controllers the gates enable (registry.ts). */
  readonly controllers?: readonly ReconcileController[];
  readonly kruiseNamespace?: string;
  readonly logLevel?: number;
  readonly run?: Partial<Omit<RunOptions, 'client' | 'controllers' | 'log'>>;
  /** Whom the function runs as; default the chart's `kruise-fn-reconcile` of `kruiseNamespace`. */
  readonly identity?: ChartIdentity;
}

/** One batch the function was sent, kept in the order they arrived. */
export interface HandledBatch {
  /** The objects its events named (none for a resync). */
  readonly refs: readonly ObjectRef[];
  /** Every API request the function sent for it, in order: `PUT /api/v1/namespaces/…/status`. */
  readonly requests: readonly string[];
  /** Its summary, once the function answered. */
  readonly summary?: BatchSummary;
}

interface Handling {
  readonly refs: readonly ObjectRef[];
  readonly requests: string[];
  summary?: BatchSummary;
}

export interface RunningReconcile {
  readonly url: string;
  /** An admin client for the test's own setup and assertions (the function's calls go as `identity`). */
  readonly client: KubeClient;
  /** Whom the function runs as. */
  readonly identity: ChartIdentity;
  /** Log lines so far (klog text). */
  readonly logs: readonly string[];
  /** Every batch the function was sent, in the order they arrived. */
  readonly batches: readonly HandledBatch[];
  /** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
  until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  /** One resync, as the periodic schedule (PingSource, EventBridge) starts it. */
  resync(): Promise<BatchSummary>;
  stop(): Promise<void>;
}

export async function startReconcile(
  cp: ControlPlane,
  opts: ReconcileHarnessOptions = {},
): Promise<RunningReconcile> {
  const gates = parseFeatureGates(opts.featureGates ?? chartDefaultFeatureGates);
  const kruiseNamespace = opts.kruiseNamespace ?? 'kruise-system';
  // Where an install puts kruise-fn (its Leases live there).
  await ensureNamespace(cp.kubeConfig, kruiseNamespace);
  const identity =
    opts.identity ??
    (await chartIdentity(cp, 'reconcile', {
      namespace: kruiseNamespace,
      ...(opts.featureGates !== undefined && { featureGates: opts.featureGates }),
    }));
  const client = kubeClient(identity.kubeConfig);
  const transport = kubeTransport(identity.kubeConfig);
  const { lines, destination } = captureLines();
  const log = createLogger({ destination, level: opts.logLevel ?? 4, format: 'text', env: {} });
  const controllers =
    opts.controllers ?? enabledControllers({ gates, kruiseNamespace, now: () => new Date() });
  const options: RunOptions = { client, controllers, kruiseNamespace, log, ...opts.run };
  const batches: Handling[] = [];
  const reconcileBatchAndRecord = async (batch: Batch, batchLog: Logger) => {
    const handled: Handling = { refs: batch.kind === 'refs' ? batch.refs : [], requests: [] };
    batches.push(handled);
    // The batch's own client over the shared connection pool, noting each request it sends.
    const recording = clientOver((request) => {
      handled.requests.push(`${request.method} ${request.path}`);
      return transport(request);
    });
    const summary = await reconcileBatch(batch, { ...options, client: recording, log: batchLog });
    handled.summary = summary;
    return summary;
  };
  const app = createApp({ log, reconcile: reconcileBatchAndRecord });
  const server = await serveApp({
    fetch: app.fetch,
    log,
    env: { PORT: '0' },
    hostname: '127.0.0.1',
    signals: [],
  });
  const url = `http://127.0.0.1:${server.port}`;
  const relay = await sharedAuditRelay();
  await setAuditTarget(relay, url);
  return {
    url,
    client: kubeClient(cp.kubeConfig),
    identity,
    logs: lines,
    batches,
    async until(what, probe, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      for (;;) {
        try {
          const got = await probe();
          if (got !== undefined) return got;
        } catch (err) {
          last = err;
        }
        if (Date.now() > deadline) {
          const tail = lines.slice(-20).join('');
          throw new Error(
            `${what}: not within ${timeoutMs} ms (${String(last ?? 'no match')})\n${tail}`,
          );
        }
        await sleep(100);
      }
    },
    resync: () => reconcileBatchAndRecord({ kind: 'resync' }, log),
    async stop() {
      await setAuditTarget(relay, undefined);
      await server.close();
    },
  };
}
