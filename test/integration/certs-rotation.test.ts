/**
 * The admission side of the certs function over real TLS: the local
 * kube-apiserver calls a pod webhook served by shared/http/serve.ts with the
 * key pair of the Secret the certs function wrote (TLS_SECRET source,
 * polled), verifying it with the caBundle the certs function wrote. Then the
 * serving certificate is rotated three times while pods are created at 25/s
 * for 30 s: no admission may fail.
 *
 * The pod mutation is a stand-in (adds one sidecar container) on the shared
 * admission shell (readReview → decision → toReviewResponse), so this test
 * exercises certificates and TLS, not SidecarSet matching.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { AdmissionregistrationV1Api, CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { Hono } from 'hono';
import { allow } from '../../shared/admission/decision.js';
import { readReview } from '../../shared/admission/read-review.js';
import { toReviewResponse } from '../../shared/admission/review-response.js';
import { certsConfigFrom } from '../../shared/certs/config.js';
import { type RunningServer, serveApp } from '../../shared/http/serve.js';
import { openKeyPairSourceFromEnv } from '../../shared/tls/from-env.js';
import type { KeyPairSource } from '../../shared/tls/key-pair-source.js';
import { kubeCertsIO } from '../../functions/certs/kube-io.js';
import { syncCerts } from '../../functions/certs/sync.js';
import { captureLog } from '../../functions/certs/test-fixtures.js';
import { type ControlPlane, freePort, startControlPlane } from '../support/control-plane.js';

const NS = 'kruise-system';
const SECRET = 'kruise-webhook-certs';
const POD_NS = 'rotation';
const RATE_PER_S = 25;
const LOAD_MS = 30_000;
const ROTATE_AT_MS = [5_000, 15_000, 25_000];

const sidecar = {
  name: 'log-agent',
  image: 'example/log-agent:1',
  env: [{ name: 'IS_INJECTED', value: 'true' }],
};
const podRoute = { kind: { kind: 'Pod', apiVersions: ['v1'] }, fillNamespace: true } as const;

function webhookApp() {
  const app = new Hono();
  app.post('/mutate-pod', async (c) => {
    const { input, rawObject } = await readReview(c.req.raw, podRoute);
    const pod = structuredClone(input.object) as { spec?: { containers?: unknown[] } };
    pod.spec?.containers?.push(sidecar);
    return c.json(toReviewResponse(input.uid, allow(pod), rawObject));
  });
  return app;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('admission over TLS with the certs function’s CA', () => {
  let cp: ControlPlane;
  let running: RunningServer;
  let source: KeyPairSource;
  let core: CoreV1Api;
  const servedCerts = new Set<string>();
  const sync = async (env: Record<string, string> = {}) => {
    const { log } = captureLog();
    const io = kubeCertsIO(cp.kubeConfig, NS, SECRET);
    return syncCerts(
      io,
      { config: certsConfigFrom(env), externalCerts: false, now: () => new Date() },
      log,
    );
  };

  before(async () => {
    cp = await startControlPlane();
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
    const admission = cp.kubeConfig.makeApiClient(AdmissionregistrationV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await core.createNamespace({
      body: { metadata: { name: POD_NS, labels: { 'kruise-fn-rotation': 'on' } } },
    });
    const port = await freePort();
    await admission.createMutatingWebhookConfiguration({
      body: {
        metadata: { name: 'kruise-mutating-webhook-configuration' },
        webhooks: [
          {
            name: 'mpod.kb.io',
            clientConfig: { url: `https://localhost:${port}/mutate-pod` },
            rules: [
              { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
            ],
            namespaceSelector: { matchLabels: { 'kruise-fn-rotation': 'on' } },
            failurePolicy: 'Fail',
            sideEffects: 'None',
            admissionReviewVersions: ['v1', 'v1beta1'],
            timeoutSeconds: 30,
          },
        ],
      },
    });
    await admission.createValidatingWebhookConfiguration({
      body: { metadata: { name: 'kruise-validating-webhook-configuration' }, webhooks: [] },
    });
    assert.deepEqual((await sync()).problems, []);

    const { log } = captureLog();
    source = await openKeyPairSourceFromEnv({ TLS_SECRET: `${NS}/${SECRET}` }, log, {
      kubeConfig: cp.kubeConfig,
      pollMs: 250,
    });
    running = await serveApp({
      fetch: webhookApp().fetch,
      log,
      env: { PORT: String(port) },
      keyPairSource: source,
      signals: [],
    });
    const server = running.server;
    // A socket is reused for at most 20 requests, so rotations meet many new handshakes.
    server.maxRequestsPerSocket = 20;
    server.on('secureConnection', (socket: TLSSocket) => {
      const raw = (socket.getCertificate() as { raw?: Buffer } | null)?.raw;
      if (raw !== undefined) servedCerts.add(new X509Certificate(raw).fingerprint256);
    });
  });

  after(async () => {
    running?.server.closeAllConnections();
    await running?.close();
    source?.close();
    await cp?.stop();
  });

  const podBody = (name: string): V1Pod => ({
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
  });

  it('the apiserver calls the webhook over TLS and the pod gets its sidecar', async () => {
    const pod = await core.createNamespacedPod({ namespace: POD_NS, body: podBody('first') });
    assert.deepEqual(
      JSON.parse(JSON.stringify(pod.spec?.containers.map((c) => [c.name, c.image, c.env]))),
      [
        ['app', 'example/app:1', null],
        ['log-agent', 'example/log-agent:1', [{ name: 'IS_INJECTED', value: 'true' }]],
      ],
    );
  });

  it('rotating the serving certificate under load fails no admission', async () => {
    const failures: string[] = [];
    const notInjected: string[] = [];
    const rotations: Promise<void>[] = [];
    const changes: string[] = [];
    source.onChange((pair) => changes.push(new X509Certificate(pair.cert).serialNumber));
    const caBefore = (await core.readNamespacedSecret({ name: SECRET, namespace: NS })).data?.[
      'ca-cert.pem'
    ];

    const start = Date.now();
    const creates: Promise<void>[] = [];
    const total = (RATE_PER_S * LOAD_MS) / 1000;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE_PER_S;
      if (due > Date.now()) await sleep(due - Date.now());
      const elapsed = Date.now() - start;
      while (
        ROTATE_AT_MS.length > rotations.length &&
        elapsed >= (ROTATE_AT_MS[rotations.length] ?? Infinity)
      ) {
        // CERTS_RENEW_BEFORE=300y (300×365 h by OpenKruise's quirk) outlasts the ten-year
        // certificate, so this sync re-issues the serving certificate, keeping the CA.
        rotations.push(
          sync({ CERTS_RENEW_BEFORE: '300y' }).then((r) => assert.equal(r.secret, 'updated')),
        );
      }
      const name = `load-${i}`;
      creates.push(
        core.createNamespacedPod({ namespace: POD_NS, body: podBody(name) }).then(
          (pod) => {
            if (pod.spec?.containers.at(-1)?.name !== 'log-agent') notInjected.push(name);
          },
          (err: unknown) =>
            void failures.push(
              `${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
            ),
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
    // The server moved to each new certificate, and the apiserver handshook with several.
    for (let i = 0; changes.length < 3 && i < 40; i++) await sleep(250);
    assert.equal(changes.length, 3);
    // The first certificate and each of the three rotations were presented in handshakes.
    assert.equal(servedCerts.size, 4);
    const caAfter = (await core.readNamespacedSecret({ name: SECRET, namespace: NS })).data?.[
      'ca-cert.pem'
    ];
    assert.equal(caAfter, caBefore);
  });
});
