/**
 * The certs function and the admission function together over real TLS:
 * the certs sync issues the Secret and writes our CA into the generated
 * webhook configurations; the admission function (real route table and
 * SidecarSet injection) serves the Secret's key pair through
 * shared/http/serve.ts with the TLS_SECRET key-pair source; the local
 * kube-apiserver calls it, verifying with that CA, and pods get their
 * sidecar. Then the serving certificate is rotated three times while pods
 * are created at 25/s for 30 s: no admission may fail.
 */
import { kubeClient } from '../../shared/kube/client.js';
import { kubePodReader } from '../../functions/admission/containerrecreaterequest/reads.js';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, CustomObjectsApi, type V1Pod } from '@kubernetes/client-node';
import { createApp } from '../../functions/admission/app.js';
import { admissionRoutes } from '../../functions/admission/routes.js';
import { notReadyUntilSynced, routeDeps } from '../../functions/admission/route-deps.js';
import { kubeCertsIO } from '../../functions/certs/kube-io.js';
import { syncCerts } from '../../functions/certs/sync.js';
import { captureLog } from '../../functions/certs/test-fixtures.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { registerWebhooks } from '../../infra/webhooks/register.js';
import { certsConfigFrom } from '../../functions/certs/pki/config.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../shared/feature-gates.js';
import { type RunningServer, serveApp } from '../../shared/http/serve.js';
import { kubeAdmissionReads } from '../../functions/admission/cluster/admission-reads.js';
import { cachedAdmissionData } from '../../functions/admission/cluster/admission-data.js';
import { openKeyPairSourceFromEnv } from '../../shared/tls/from-env.js';
import type { KeyPairSource } from '../../shared/tls/key-pair-source.js';
import { type ControlPlane, freePort, startControlPlane } from '../support/control-plane.js';
import { createTestCa } from '../../infra/dev/pki.js';

const NS = 'kruise-system';
const SECRET = 'kruise-webhook-certs';
const POD_NS = 'rotation';
const RATE_PER_S = 25;
const LOAD_MS = 30_000;
const ROTATE_AT_MS = [5_000, 15_000, 25_000];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const podBody = (name: string): V1Pod => ({
  metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
});
const containerNames = (pod: V1Pod) => pod.spec?.containers.map((c) => c.name);

describe('admission over TLS with the certs function’s CA', () => {
  let cp: ControlPlane;
  let running: RunningServer | undefined;
  let source: KeyPairSource | undefined;
  let core: CoreV1Api;
  const servedCerts = new Set<string>();
  const sync = async (env: Record<string, string> = {}) => {
    const { log } = captureLog();
    const io = kubeCertsIO(kubeClient(cp.kubeConfig), NS, SECRET);
    const opts = { config: certsConfigFrom(env), externalCerts: false, now: () => new Date() };
    return syncCerts(io, opts, log);
  };

  before(async () => {
    cp = await startControlPlane();
    const kc = cp.kubeConfig;
    const client = kubeClient(kc);
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await core.createNamespace({ body: { metadata: { name: POD_NS } } });

    // The installer's configurations, registered with some other CA: the certs sync replaces it.
    const gates = parseFeatureGates(chartDefaultFeatureGates);
    const { log } = captureLog();
    const data = cachedAdmissionData(kubeAdmissionReads(client), { kruiseNamespace: NS });
    const routes = admissionRoutes(routeDeps({ data, gates, pods: kubePodReader(client) }));
    const app = createApp({ log, routes, notReady: notReadyUntilSynced(data) });
    const port = await freePort();
    await installCrds(kc);
    await registerWebhooks(kc, {
      url: `https://localhost:${port}`,
      caBundle: (await createTestCa('not-our-ca')).certPem,
      gates,
    });
    const first = await sync();
    assert.equal(first.secret, 'created');
    assert.deepEqual(first.problems, []);
    assert.deepEqual(first.written, [
      'MutatingWebhookConfiguration/kruise-mutating-webhook-configuration',
      'ValidatingWebhookConfiguration/kruise-validating-webhook-configuration',
    ]);

    source = await openKeyPairSourceFromEnv({ TLS_SECRET: `${NS}/${SECRET}` }, log, {
      client: kubeClient(kc),
      pollMs: 250,
    });
    running = await serveApp({
      fetch: app.fetch,
      log,
      env: { PORT: String(port) },
      keyPairSource: source,
      signals: [],
    });
    // A socket is reused for at most 20 requests, so rotations meet many new handshakes.
    running.server.maxRequestsPerSocket = 20;
    running.server.on('secureConnection', (socket: TLSSocket) => {
      const raw = (socket.getCertificate() as { raw?: Buffer } | null)?.raw;
      if (raw !== undefined) servedCerts.add(new X509Certificate(raw).fingerprint256);
    });

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
          containers: [{ name: 'log-agent', image: 'example/log-agent:1' }],
        },
      },
    });
    // Until the apiserver has loaded the configuration and the SidecarSet cache holds
    // log-set, a dry-run pod comes back without the sidecar.
    for (let i = 0; ; i++) {
      const probe = await core
        .createNamespacedPod({ namespace: POD_NS, body: podBody('probe'), dryRun: 'All' })
        .catch(() => undefined);
      if (probe !== undefined && containerNames(probe)?.includes('log-agent')) break;
      if (i > 300) throw new Error('the apiserver never called the admission function');
      await sleep(100);
    }
  });

  after(async () => {
    running?.server.closeAllConnections();
    await running?.close();
    source?.close();
    await cp?.stop();
  });

  it('the apiserver calls the admission function over TLS and the pod gets its sidecar', async () => {
    const pod = await core.createNamespacedPod({ namespace: POD_NS, body: podBody('first') });
    assert.deepEqual(
      pod.spec?.containers.map((c) => [c.name, c.image]),
      [
        // OpenKruise's default podInjectPolicy is BeforeAppContainer.
        ['log-agent', 'example/log-agent:1'],
        ['app', 'example/app:1'],
      ],
    );
    assert.equal(pod.metadata?.annotations?.['kruise.io/sidecarset-injected-list'], 'log-set');
  });

  it('rotating the serving certificate under load fails no admission', async () => {
    const failures: string[] = [];
    const notInjected: string[] = [];
    const rotations: Promise<void>[] = [];
    const changes: string[] = [];
    source?.onChange((pair) => changes.push(new X509Certificate(pair.cert).serialNumber));
    const readCa = async () =>
      (await core.readNamespacedSecret({ name: SECRET, namespace: NS })).data?.['ca-cert.pem'];
    const caBefore = await readCa();
    servedCerts.clear();

    const start = Date.now();
    const creates: Promise<void>[] = [];
    const total = (RATE_PER_S * LOAD_MS) / 1000;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE_PER_S;
      if (due > Date.now()) await sleep(due - Date.now());
      const dueRotation = ROTATE_AT_MS[rotations.length];
      if (dueRotation !== undefined && Date.now() - start >= dueRotation) {
        // CERTS_RENEW_BEFORE=300y (300×365 h by OpenKruise's quirk) outlasts the ten-year
        // certificate, so this sync re-issues the serving certificate, keeping the CA.
        const rotated = sync({ CERTS_RENEW_BEFORE: '300y' });
        rotations.push(rotated.then((r) => assert.equal(r.secret, 'updated')));
      }
      const name = `load-${i}`;
      creates.push(
        core.createNamespacedPod({ namespace: POD_NS, body: podBody(name) }).then(
          (pod) => {
            if (!containerNames(pod)?.includes('log-agent')) notInjected.push(name);
          },
          (err: unknown) => {
            const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
            failures.push(`${name}: ${message}`);
          },
        ),
      );
    }
    await Promise.all(creates);
    await Promise.all(rotations);
    const elapsedS = (Date.now() - start) / 1000;

    assert.deepEqual(failures, []);
    assert.deepEqual(notInjected, []);
    assert.equal(creates.length, total);
    assert.ok(total / elapsedS >= 20, `created ${total} pods in ${elapsedS.toFixed(1)} s`);
    assert.equal(rotations.length, 3);
    assert.equal(changes.length, 3);
    // The first certificate and each of the three rotations were presented in handshakes.
    assert.equal(servedCerts.size, 4);
    assert.equal(await readCa(), caBefore);
  });
});
