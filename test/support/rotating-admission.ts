/**
 * The certs function and the admission function together over real TLS, for
 * the rotation test and bench. The certs sync issues the Secret and writes
 * our CA into the webhook configurations (registered first with some other
 * CA, as an installer would). The admission function (real route table and
 * SidecarSet injection) serves the Secret's key pair through
 * shared/http/serve.ts with the TLS_SECRET key-pair source. A SidecarSet
 * `log-set` selects `app: web` pods. Startup resolves once the apiserver has
 * called the function and a dry-run pod came back with the sidecar.
 */
import { X509Certificate } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'node:tls';
import { CoreV1Api, CustomObjectsApi, type V1Pod } from '@kubernetes/client-node';
import { createApp } from '../../functions/admission/app.js';
import { kubePodReader } from '../../functions/admission/containerrecreaterequest/reads.js';
import { notReadyUntilSynced, routeDeps } from '../../functions/admission/route-deps.js';
import { admissionRoutes } from '../../functions/admission/routes.js';
import { kubeCertsIO } from '../../functions/certs/kube-io.js';
import { syncCerts, type SyncResult } from '../../functions/certs/sync.js';
import { captureLog } from '../../functions/certs/test-fixtures.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { registerWebhooks, unregisterWebhooks } from '../../infra/webhooks/register.js';
import { certsConfigFrom } from '../../functions/certs/pki/config.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import { serveApp, type RunningServer } from '../../shared/http/serve.js';
import { cachedAdmissionData } from '../../functions/admission/cluster/admission-data.js';
import { kubeAdmissionReads } from '../../functions/admission/cluster/admission-reads.js';
import { kubeClient } from '../../shared/kube/client.js';
import { openKeyPairSourceFromEnv } from '../../shared/tls/from-env.js';
import type { KeyPair, KeyPairSource } from '../../shared/tls/key-pair-source.js';
import { chartIdentity } from './chart-identity.js';
import { freePort, type ControlPlane } from './control-plane.js';
import { createTestCa } from '../../infra/dev/pki.js';

export const CERTS_NAMESPACE = 'kruise-system';
export const CERTS_SECRET = 'kruise-webhook-certs';
export const SIDECAR = 'log-agent';

export interface RotatingAdmission {
  readonly core: CoreV1Api;
  readonly port: number;
  readonly server: RunningServer;
  /** Where `podBody` pods go. */
  readonly podNamespace: string;
  /** The first sync: it created the Secret and wrote the CA into both configurations. */
  readonly firstSync: SyncResult;
  /**
   * Re-issues the serving certificate (same CA) and resolves with the new pair
   * once the server has switched to it. Rejects when the sync did not update
   * the Secret, or when no switch came within `timeoutMs`.
   */
  rotate(timeoutMs?: number): Promise<{ sync: SyncResult; pair: KeyPair }>;
  /** The CA in the Secret (base64 PEM). */
  readCa(): Promise<string | undefined>;
  /** The certificate a new TLS handshake with the server presents, as a SHA-256 fingerprint. */
  presentedFingerprint(): Promise<string>;
  stop(): Promise<void>;
}

/** A pod `log-set` selects. */
export const podBody = (name: string): V1Pod => ({
  metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
});

export const containerNames = (pod: V1Pod) => pod.spec?.containers.map((c) => c.name);

export const fingerprintOf = (certPem: string) => new X509Certificate(certPem).fingerprint256;

/** The next pair `source` reports, subscribed from now on; `cancel` stops waiting. */
function nextPair(source: KeyPairSource, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  let off: () => void = () => undefined;
  const cancel = () => {
    clearTimeout(timer);
    off();
  };
  const pair = new Promise<KeyPair>((resolve, reject) => {
    timer = setTimeout(() => {
      cancel();
      reject(new Error(`the key-pair source reported no new pair within ${timeoutMs} ms`));
    }, timeoutMs);
    off = source.onChange((next) => {
      cancel();
      resolve(next);
    });
  });
  return { pair, cancel };
}

function handshake(port: number, caPem: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: 'localhost', port, ca: caPem }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (cert === undefined) reject(new Error('the server presented no certificate'));
      else resolve(cert.fingerprint256);
    });
    socket.on('error', reject);
  });
}

async function waitForInjection(core: CoreV1Api, namespace: string): Promise<void> {
  // Until the apiserver has loaded the configuration and the SidecarSet cache holds
  // log-set, a dry-run pod comes back without the sidecar.
  for (let i = 0; ; i++) {
    const probe = await core
      .createNamespacedPod({ namespace, body: podBody('probe'), dryRun: 'All' })
      .catch(() => undefined);
    if (probe !== undefined && containerNames(probe)?.includes(SIDECAR)) return;
    if (i > 300) throw new Error('the apiserver never called the admission function');
    await sleep(100);
  }
}

export async function startRotatingAdmission(
  cp: ControlPlane,
  podNamespace: string,
): Promise<RotatingAdmission> {
  const kc = cp.kubeConfig;
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: CERTS_NAMESPACE } } });
  await core.createNamespace({ body: { metadata: { name: podNamespace } } });
  // Both functions as the chart's ServiceAccounts; the installer's steps stay admin.
  const certs = await chartIdentity(cp, 'certs', { namespace: CERTS_NAMESPACE });
  const admission = await chartIdentity(cp, 'admission', { namespace: CERTS_NAMESPACE });
  const client = kubeClient(admission.kubeConfig);
  const sync = async (env: Record<string, string> = {}) => {
    const { log } = captureLog();
    const io = kubeCertsIO(kubeClient(certs.kubeConfig), CERTS_NAMESPACE, CERTS_SECRET);
    const opts = { config: certsConfigFrom(env), externalCerts: false, now: () => new Date() };
    return syncCerts(io, opts, log);
  };

  const gates = parseFeatureGates(chartDefaultFeatureGates);
  const { log } = captureLog();
  const data = cachedAdmissionData(kubeAdmissionReads(client), {
    kruiseNamespace: CERTS_NAMESPACE,
  });
  const routes = admissionRoutes(routeDeps({ data, gates, pods: kubePodReader(client) }));
  const app = createApp({ log, routes, notReady: notReadyUntilSynced(data) });
  const port = await freePort();
  await installCrds(kc);
  // The installer's configurations, registered with some other CA: the certs sync replaces it.
  await registerWebhooks(kc, {
    url: `https://localhost:${port}`,
    caBundle: (await createTestCa('not-our-ca')).certPem,
    gates,
  });
  const firstSync = await sync();

  const source = await openKeyPairSourceFromEnv(
    { TLS_SECRET: `${CERTS_NAMESPACE}/${CERTS_SECRET}` },
    log,
    {
      client,
      pollMs: 250,
    },
  );
  const server = await serveApp({
    fetch: app.fetch,
    log,
    env: { PORT: String(port) },
    keyPairSource: source,
    signals: [],
  });
  // A socket is reused for at most 20 requests, so rotations meet many new handshakes.
  server.server.maxRequestsPerSocket = 20;

  await kc.makeApiClient(CustomObjectsApi).createClusterCustomObject({
    group: 'apps.kruise.io',
    version: 'v1alpha1',
    plural: 'sidecarsets',
    body: {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      metadata: { name: 'log-set' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        containers: [{ name: SIDECAR, image: 'example/log-agent:1' }],
      },
    },
  });
  await waitForInjection(core, podNamespace);

  const readCa = async () =>
    (await core.readNamespacedSecret({ name: CERTS_SECRET, namespace: CERTS_NAMESPACE })).data?.[
      'ca-cert.pem'
    ];
  return {
    core,
    port,
    server,
    podNamespace,
    firstSync,
    async rotate(timeoutMs = 30_000) {
      const switched = nextPair(source, timeoutMs);
      let result: SyncResult;
      try {
        // CERTS_RENEW_BEFORE=300y (300×365 h by OpenKruise's quirk) outlasts the ten-year
        // certificate, so this sync re-issues the serving certificate, keeping the CA.
        result = await sync({ CERTS_RENEW_BEFORE: '300y' });
      } catch (err) {
        switched.cancel();
        throw err;
      }
      if (result.secret !== 'updated') {
        switched.cancel();
        throw new Error(`the sync did not re-issue the certificate: ${JSON.stringify(result)}`);
      }
      return { sync: result, pair: await switched.pair };
    },
    readCa,
    async presentedFingerprint() {
      const ca = Buffer.from((await readCa()) ?? '', 'base64').toString();
      return handshake(port, ca);
    },
    async stop() {
      server.server.closeAllConnections();
      await server.close();
      source.close();
      await unregisterWebhooks(kc);
    },
  };
}
