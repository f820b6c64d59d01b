/**
 * The admission function, in process, behind the local kube-apiserver: the
 * real route table and warm caches (functions/admission/route-deps.ts) served over
 * HTTPS on 127.0.0.1 with a test-PKI certificate, kruise-fn's CRDs installed,
 * and both webhook configurations registered by `url` + `caBundle`
 * (infra/webhooks/register.ts). `startAdmission` resolves only once a request
 * sent through the apiserver has reached this server, so a test never meets
 * a configuration the apiserver has not loaded yet. The function reads the
 * cluster as the chart's ServiceAccount `kruise-fn-admission`
 * (chart-identity.ts); the CRDs and the webhook configurations are
 * installed as admin, as an install does.
 */
import { kubeClient } from '../../shared/kube/client.js';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { createApp } from '../../functions/admission/app.js';
import { admissionRoutes } from '../../functions/admission/routes.js';
import { kubePodReader } from '../../functions/admission/containerrecreaterequest/reads.js';
import { notReadyUntilSynced, routeDeps } from '../../functions/admission/route-deps.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import { serveApp, type RunningServer } from '../../shared/http/serve.js';
import { kubeAdmissionReads } from '../../functions/admission/cluster/admission-reads.js';
import { cachedAdmissionData } from '../../functions/admission/cluster/admission-data.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import type { KeyPairSource } from '../../shared/tls/key-pair-source.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { registerWebhooks, unregisterWebhooks } from '../../infra/webhooks/register.js';
import type { ControlPlane } from './control-plane.js';
import { createTestCa, issueServingCert } from '../../infra/dev/pki.js';
import { chartIdentity } from './chart-identity.js';

export interface AdmissionOptions {
  /** `--feature-gates` value; default the chart's `ImagePullJobGate=true`. */
  readonly featureGates?: string;
  /** OpenKruise's `POD_NAMESPACE` (revisions, kruise-configuration); default `kruise-system`. */
  readonly kruiseNamespace?: string;
  /** klog verbosity of the captured log; default 3 (injections are logged at V3). */
  readonly logLevel?: number;
  /** How long to wait for the apiserver to load (or drop) the configurations; default 30 s. */
  readonly readyTimeoutMs?: number;
}

export interface RunningAdmission {
  /** Base URL every webhook's path is appended to, e.g. `https://127.0.0.1:41234`. */
  readonly url: string;
  /** Every path the apiserver posted to, in order (the readiness probe included). */
  readonly requests: readonly string[];
  /** The function's log lines (klog text), for failure messages. */
  readonly logs: readonly string[];
  /** The Node HTTPS server the apiserver connects to (its connections, its timeouts). */
  readonly server: RunningServer['server'];
  /** Removes both webhook configurations, waits until the apiserver stops calling, closes the server. */
  stop(): Promise<void>;
}

const PROBE_NAME_LABEL = 'kruise-fn.io/harness-probe';

/** A key pair that never changes: the harness's certificate outlives every test. */
const fixedKeyPair = (cert: string, key: string): KeyPairSource => ({
  current: () => ({ cert, key }),
  onChange: () => () => undefined,
  close: () => undefined,
});

/**
 * A dry-run SidecarSet create passes through the SidecarSet webhooks (always
 * served), so it reaches this server once the apiserver has loaded the
 * configurations (`want: 'called'`), and stops reaching it once the apiserver
 * has dropped them (`want: 'not called'`); a dry run leaves nothing behind.
 */
async function waitForWebhook(
  kc: KubeConfig,
  requests: readonly string[],
  want: 'called' | 'not called',
  timeoutMs: number,
): Promise<void> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const deadline = Date.now() + timeoutMs;
  const name = `harness-probe-${randomBytes(4).toString('hex')}`;
  const body = {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'SidecarSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { [PROBE_NAME_LABEL]: name } },
      containers: [{ name: 'probe', image: 'probe:1' }],
    },
  };
  for (;;) {
    const seen = requests.length;
    let last: string;
    try {
      await api.createClusterCustomObject({
        group: 'apps.kruise.io',
        version: 'v1alpha1',
        plural: 'sidecarsets',
        body,
        dryRun: 'All',
      });
      const called = requests.length > seen;
      if (called === (want === 'called')) return;
      last = called ? 'the webhook is still called' : 'no request reached the webhook';
    } catch (err) {
      last = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting until the admission webhook is ${want}: ${last}`);
    }
    await sleep(100);
  }
}

export async function startAdmission(
  cp: ControlPlane,
  opts: AdmissionOptions = {},
): Promise<RunningAdmission> {
  const kc = cp.kubeConfig;
  const kruiseNamespace = opts.kruiseNamespace ?? 'kruise-system';
  const identity = await chartIdentity(cp, 'admission', {
    namespace: kruiseNamespace,
    ...(opts.featureGates !== undefined && { featureGates: opts.featureGates }),
  });
  const client = kubeClient(identity.kubeConfig);
  const gates = parseFeatureGates(opts.featureGates ?? chartDefaultFeatureGates);
  const { lines, destination } = captureLines();
  const log = createLogger({ destination, level: opts.logLevel ?? 3, format: 'text', env: {} });

  const data = cachedAdmissionData(kubeAdmissionReads(client), { kruiseNamespace });
  const routes = admissionRoutes(routeDeps({ data, gates, pods: kubePodReader(client) }));
  const app = createApp({ log, routes, notReady: notReadyUntilSynced(data) });
  const requests: string[] = [];

  const ca = await createTestCa('kruise-fn-admission-test-ca');
  const serving = await issueServingCert(ca, { ips: ['127.0.0.1'] });
  const server = await serveApp({
    fetch: (request) => {
      requests.push(new URL(request.url).pathname);
      return app.fetch(request);
    },
    log,
    env: { PORT: '0' },
    hostname: '127.0.0.1',
    keyPairSource: fixedKeyPair(serving.certPem, serving.keyPem),
    signals: [],
  });
  const url = `https://127.0.0.1:${server.port}`;
  const timeoutMs = opts.readyTimeoutMs ?? 30_000;
  try {
    await installCrds(kc);
    await registerWebhooks(kc, {
      url,
      caBundle: ca.certPem,
      gates,
    });
    await waitForWebhook(kc, requests, 'called', timeoutMs);
  } catch (err) {
    await unregisterWebhooks(kc).catch(() => undefined);
    await server.close();
    throw err;
  }
  return {
    url,
    requests,
    logs: lines,
    server: server.server,
    async stop() {
      try {
        await unregisterWebhooks(kc);
        // Later tests must not meet configurations the apiserver still holds.
        await waitForWebhook(kc, requests, 'not called', timeoutMs);
      } finally {
        await server.close();
      }
    },
  };
}
