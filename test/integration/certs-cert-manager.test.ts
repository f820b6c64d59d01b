/**
 * EnableExternalCerts against real cert-manager: its controller and
 * cainjector (built from the Go module proxy at a pinned version, run out of
 * cluster against the local apiserver with cert-manager's CRDs installed)
 * issue the webhook Secret and inject caBundles; our certs sync writes
 * nothing and finds every caBundle in order, and the apiserver calls a pod
 * webhook served with the externally issued key pair.
 *
 * Pinned at v1.11.5: the newest cert-manager whose controller and cainjector
 * main packages live in the root module. From v1.12 they are separate modules
 * (…/cmd/controller, …/cmd/cainjector), which this machine's module proxy
 * does not serve. `make control-plane` builds them (infra/dev/versions.env).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, type RequestOptions } from 'node:https';
import { after, before, describe, it } from 'node:test';
import {
  AdmissionregistrationV1Api,
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
} from '@kubernetes/client-node';
import { Hono } from 'hono';
import { parseAllDocuments } from 'yaml';
import { allow } from '../../functions/admission/review/decision.js';
import { readReview } from '../../functions/admission/review/read-review.js';
import { toReviewResponse } from '../../functions/admission/review/review-response.js';
import { certsConfigFrom } from '../../functions/certs/pki/config.js';
import { type RunningServer, serveApp } from '../../shared/http/serve.js';
import { openKeyPairSourceFromEnv } from '../../shared/tls/from-env.js';
import type { KeyPairSource } from '../../shared/tls/key-pair-source.js';
import { kubeCertsIO } from '../../functions/certs/kube-io.js';
import { kubeClient } from '../../shared/kube/client.js';
import { syncCerts } from '../../functions/certs/sync.js';
import { captureLog } from '../../functions/certs/test-fixtures.js';
import { findCertManager } from '../../infra/dev/binaries.js';
import { chartIdentity } from '../support/chart-identity.js';
import { type ControlPlane, freePort, startControlPlane } from '../support/control-plane.js';
import { conversionStatefulSetCrd } from '../support/conversion-crd.js';

const NS = 'kruise-system';
const SECRET = 'kruise-webhook-certs';
const POD_NS = 'external-certs';
const INJECT = { 'cert-manager.io/inject-ca-from': `${NS}/${SECRET}` };

/** cert-manager's CRDs as shipped in deploy/crds, minus the Helm-templated labels. */
function certManagerCrds(dir: string): Record<string, unknown>[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('crd-') && f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map(
        (d) => d.toJS() as Record<string, unknown> | null,
      ),
    )
    .filter((crd): crd is Record<string, unknown> => crd?.['kind'] === 'CustomResourceDefinition')
    .map((crd) => ({ ...crd, metadata: { name: (crd['metadata'] as { name: string }).name } }));
}

/**
 * POSTs raw JSON: the typed client would drop the schemas' `x-kubernetes-*`
 * keys under `items`, which its models keep as untyped JSON.
 */
async function createRaw(kc: KubeConfig, path: string, body: unknown): Promise<void> {
  const opts: RequestOptions = { method: 'POST', headers: { 'content-type': 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const url = new URL(path, kc.getCurrentCluster()?.server);
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(url, opts, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
  if (status !== 201) throw new Error(`POST ${path}: HTTP ${status}`);
}

const sidecar = { name: 'log-agent', image: 'example/log-agent:1' };
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

describe('EnableExternalCerts with cert-manager', () => {
  let cp: ControlPlane;
  let dir: string;
  let running: RunningServer | undefined;
  let source: KeyPairSource | undefined;
  const children: ChildProcess[] = [];
  const logsTail = () =>
    ['controller', 'cainjector']
      .map(
        (n) =>
          `--- ${n}\n${
            existsSync(join(dir, `${n}.log`))
              ? readFileSync(join(dir, `${n}.log`), 'utf8')
                  .split('\n')
                  .slice(-15)
                  .join('\n')
              : ''
          }`,
      )
      .join('\n');
  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 240; i++) {
      const got = await probe().catch(() => undefined);
      if (got !== undefined) return got;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${what} did not happen in 120 s\n${logsTail()}`);
  }

  before(async () => {
    const cm = findCertManager();
    cp = await startControlPlane();
    dir = mkdtempSync(join(tmpdir(), 'kruise-fn-cm-it-'));
    const kc = cp.kubeConfig;
    const core = kc.makeApiClient(CoreV1Api);
    for (const crd of certManagerCrds(cm.crdDir)) {
      await createRaw(kc, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    }
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await core.createNamespace({
      body: { metadata: { name: POD_NS, labels: { 'kruise-fn-external': 'on' } } },
    });

    const pdeathsig = existsSync('/usr/bin/setpriv')
      ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGKILL', '--']
      : [];
    const start = (name: string, binary: string, args: string[]) => {
      const out = openSync(join(dir, `${name}.log`), 'a');
      const [cmd = binary, ...rest] = [...pdeathsig, binary, ...args];
      children.push(spawn(cmd, rest, { stdio: ['ignore', out, out] }));
    };
    const common = [`--kubeconfig=${cp.kubeconfigPath}`, '--leader-elect=false', '--v=2'];
    start('controller', cm.controller, [
      ...common,
      `--cluster-resource-namespace=${NS}`,
      `--metrics-listen-address=127.0.0.1:${await freePort()}`,
    ]);
    start('cainjector', cm.cainjector, common);
  });

  after(async () => {
    await running?.close();
    source?.close();
    for (const child of children) child.kill('SIGTERM');
    await cp?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('cert-manager issues and injects; our sync writes nothing; the webhook serves its certificate', async () => {
    const kc = cp.kubeConfig;
    const core = kc.makeApiClient(CoreV1Api);
    const objects = kc.makeApiClient(CustomObjectsApi);
    const admission = kc.makeApiClient(AdmissionregistrationV1Api);
    const ext = kc.makeApiClient(ApiextensionsV1Api);
    const cmCreate = (plural: string, body: object) =>
      until(`create ${plural}`, () =>
        objects.createNamespacedCustomObject({
          group: 'cert-manager.io',
          version: 'v1',
          namespace: NS,
          plural,
          body,
        }),
      );
    // The README's setup: a self-signed CA issuing the serving certificate for the service name and localhost.
    await cmCreate('issuers', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: 'selfsigned' },
      spec: { selfSigned: {} },
    });
    await cmCreate('certificates', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'kruise-webhook-ca' },
      spec: {
        isCA: true,
        commonName: 'kruise-webhook-ca',
        secretName: 'kruise-webhook-ca',
        issuerRef: { name: 'selfsigned', kind: 'Issuer' },
      },
    });
    await cmCreate('issuers', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: 'kruise-ca' },
      spec: { ca: { secretName: 'kruise-webhook-ca' } },
    });
    await cmCreate('certificates', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: SECRET },
      spec: {
        secretName: SECRET,
        dnsNames: [`kruise-webhook-service.${NS}.svc`, 'localhost'],
        issuerRef: { name: 'kruise-ca', kind: 'Issuer' },
      },
    });

    // What our installer writes with externalCerts.annotations set.
    const port = await freePort();
    const hook = (name: string, path: string, selector: Record<string, string>) => ({
      name,
      clientConfig: { url: `https://localhost:${port}${path}` },
      rules: [
        { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
      ],
      namespaceSelector: { matchLabels: selector },
      failurePolicy: 'Fail',
      sideEffects: 'None',
      admissionReviewVersions: ['v1', 'v1beta1'],
    });
    await admission.createMutatingWebhookConfiguration({
      body: {
        metadata: { name: 'kruise-mutating-webhook-configuration', annotations: INJECT },
        webhooks: [hook('mpod.kb.io', '/mutate-pod', { 'kruise-fn-external': 'on' })],
      },
    });
    await admission.createValidatingWebhookConfiguration({
      body: {
        metadata: { name: 'kruise-validating-webhook-configuration', annotations: INJECT },
        webhooks: [hook('vpod.kb.io', '/validate-pod', { never: 'matches' })],
      },
    });
    await ext.createCustomResourceDefinition({ body: conversionStatefulSetCrd(NS, INJECT) });

    const caCrt = await until('cert-manager issues the Secret', async () => {
      const data = (await core.readNamespacedSecret({ name: SECRET, namespace: NS })).data ?? {};
      return data['tls.crt'] && data['tls.key'] && data['ca.crt'] ? data['ca.crt'] : undefined;
    });
    const bundles = async () => {
      const m = await admission.readMutatingWebhookConfiguration({
        name: 'kruise-mutating-webhook-configuration',
      });
      const v = await admission.readValidatingWebhookConfiguration({
        name: 'kruise-validating-webhook-configuration',
      });
      const c = await ext.readCustomResourceDefinition({ name: 'statefulsets.apps.kruise.io' });
      return {
        caBundles: [...(m.webhooks ?? []), ...(v.webhooks ?? [])]
          .map((w) => w.clientConfig.caBundle)
          .concat(c.spec.conversion?.webhook?.clientConfig?.caBundle),
        resourceVersions: [
          m,
          v,
          c,
          await core.readNamespacedSecret({ name: SECRET, namespace: NS }),
        ].map((o) => o.metadata?.resourceVersion),
      };
    };
    const injected = await until('cainjector injects every caBundle', async () => {
      const b = await bundles();
      return b.caBundles.every((x) => x === caCrt) ? b : undefined;
    });

    const { log, lines } = captureLog();
    // The functions as the chart's ServiceAccounts of an EnableExternalCerts install.
    const external = { namespace: NS, featureGates: 'EnableExternalCerts=true' };
    const certs = await chartIdentity(cp, 'certs', external);
    const admissionIdentity = await chartIdentity(cp, 'admission', external);
    const io = kubeCertsIO(kubeClient(certs.kubeConfig), NS, SECRET);
    const result = await syncCerts(
      io,
      { config: certsConfigFrom({}), externalCerts: true, now: () => new Date() },
      log,
    );
    assert.deepEqual(result, { mode: 'external', secret: 'checked', written: [], problems: [] });
    assert.deepEqual(
      lines().map((l) => l['msg']),
      [
        'Starting to sync webhook certs and configurations',
        'Finished to sync webhook certs and configurations',
      ],
    );
    assert.deepEqual(await bundles(), injected);

    source = await openKeyPairSourceFromEnv({ TLS_SECRET: `${NS}/${SECRET}` }, log, {
      client: kubeClient(admissionIdentity.kubeConfig),
    });
    running = await serveApp({
      fetch: webhookApp().fetch,
      log,
      env: { PORT: String(port) },
      keyPairSource: source,
      signals: [],
    });
    const pod = await core.createNamespacedPod({
      namespace: POD_NS,
      body: {
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
      },
    });
    assert.deepEqual(
      pod.spec?.containers.map((c) => c.name),
      ['app', 'log-agent'],
    );
  });
});
