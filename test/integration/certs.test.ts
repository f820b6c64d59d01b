/**
 * The certs function against a real kube-apiserver (a private one, so the
 * cluster-scoped webhook configurations are ours alone and the audit log
 * shows every write): first sync, idempotence, bad states, external certs.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AdmissionregistrationV1Api,
  ApiextensionsV1Api,
  CoreV1Api,
  type KubeConfig,
  type V1MutatingWebhookConfiguration,
  type V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';
import { certsConfigFrom } from '../../functions/certs/pki/config.js';
import { generateCa, generateServingCert } from '../../functions/certs/pki/generate.js';
import { kubeCertsIO } from '../../functions/certs/kube-io.js';
import { kubeClient } from '../../shared/kube/client.js';
import { syncCerts, type SyncOptions } from '../../functions/certs/sync.js';
import { captureLog } from '../../functions/certs/test-fixtures.js';
import { chartIdentity, type ChartIdentity } from '../support/chart-identity.js';
import { type ControlPlane, startControlPlane } from '../support/control-plane.js';
import { conversionStatefulSetCrd } from '../support/conversion-crd.js';
import { startLambdaEmulator } from '../support/lambda-rie.js';
import { loadEvent } from '../../events/load.js';
import { buildFunctions } from '../../infra/build.js';

const NS = 'kruise-system';
const SECRET = 'kruise-webhook-certs';
const MUTATING = 'kruise-mutating-webhook-configuration';
const VALIDATING = 'kruise-validating-webhook-configuration';
const CRD = 'statefulsets.apps.kruise.io';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  verbs: [create, update, patch, delete]
  resources:
  - group: ""
    resources: [secrets]
  - group: admissionregistration.k8s.io
    resources: [mutatingwebhookconfigurations, validatingwebhookconfigurations]
  - group: apiextensions.k8s.io
    resources: [customresourcedefinitions]
- level: None
`;

// Webhooks that never match anything here: only caBundle handling is under test.
const neverMatch = { matchLabels: { 'kruise-fn-certs-test': 'never' } };
const hook = (name: string, path: string) => ({
  name,
  clientConfig: { url: `https://localhost:1${path}` },
  rules: [
    { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] },
  ],
  namespaceSelector: neverMatch,
  failurePolicy: 'Fail',
  sideEffects: 'None',
  admissionReviewVersions: ['v1', 'v1beta1'],
});
const mutatingConfig = (): V1MutatingWebhookConfiguration => ({
  metadata: { name: MUTATING },
  webhooks: [hook('mpod.kb.io', '/mutate-pod'), hook('msidecarset.kb.io', '/mutate-sidecarset')],
});
const validatingConfig = (): V1ValidatingWebhookConfiguration => ({
  metadata: { name: VALIDATING },
  webhooks: [hook('vpod.kb.io', '/validate-pod')],
});
const statefulSetCrd = conversionStatefulSetCrd(NS);

interface AuditEvent {
  verb: string;
  objectRef?: { resource?: string; namespace?: string; name?: string };
}

class Cluster {
  readonly core: CoreV1Api;
  readonly admission: AdmissionregistrationV1Api;
  readonly ext: ApiextensionsV1Api;
  private markers = 0;
  constructor(
    readonly kc: KubeConfig,
    private readonly auditFile: string,
  ) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.admission = kc.makeApiClient(AdmissionregistrationV1Api);
    this.ext = kc.makeApiClient(ApiextensionsV1Api);
  }

  private events(): AuditEvent[] {
    if (!existsSync(this.auditFile)) return [];
    return readFileSync(this.auditFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as AuditEvent);
  }

  /** Runs fn and returns the writes the audit log saw meanwhile, as `verb resource/name`. */
  async auditedWrites(fn: () => Promise<unknown>): Promise<string[]> {
    const start = this.events().length;
    await fn();
    // A marker write, once logged, proves the log holds everything before it.
    const marker = `audit-marker-${++this.markers}`;
    await this.core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: marker } },
    });
    for (let i = 0; !this.events().some((e) => e.objectRef?.name === marker); i++) {
      if (i > 100) throw new Error('audit marker never logged');
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.events()
      .slice(start)
      .filter((e) => e.objectRef?.name !== marker)
      .map((e) => `${e.verb} ${e.objectRef?.resource}/${e.objectRef?.name}`);
  }

  async resourceVersions(): Promise<Record<string, string | undefined>> {
    const [s, m, v, c] = await Promise.all([
      this.core.readNamespacedSecret({ name: SECRET, namespace: NS }).catch(() => undefined),
      this.admission.readMutatingWebhookConfiguration({ name: MUTATING }).catch(() => undefined),
      this.admission
        .readValidatingWebhookConfiguration({ name: VALIDATING })
        .catch(() => undefined),
      this.ext.readCustomResourceDefinition({ name: CRD }),
    ]);
    return {
      secret: s?.metadata?.resourceVersion,
      mutating: m?.metadata?.resourceVersion,
      validating: v?.metadata?.resourceVersion,
      crd: c.metadata?.resourceVersion,
    };
  }

  async caBundles(): Promise<string[]> {
    const m = await this.admission.readMutatingWebhookConfiguration({ name: MUTATING });
    const v = await this.admission.readValidatingWebhookConfiguration({ name: VALIDATING });
    const c = await this.ext.readCustomResourceDefinition({ name: CRD });
    return [
      ...(m.webhooks ?? []).map((w) => w.clientConfig.caBundle ?? ''),
      ...(v.webhooks ?? []).map((w) => w.clientConfig.caBundle ?? ''),
      c.spec.conversion?.webhook?.clientConfig?.caBundle ?? '',
    ];
  }

  async secretData(): Promise<Record<string, string>> {
    return (await this.core.readNamespacedSecret({ name: SECRET, namespace: NS })).data ?? {};
  }

  async putSecret(data: Record<string, string>, type?: string): Promise<void> {
    await this.core.deleteNamespacedSecret({ name: SECRET, namespace: NS }).catch(() => undefined);
    await this.core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: SECRET }, data, ...(type !== undefined && { type }) },
    });
  }
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const pem = (data: Record<string, string>, key: string) =>
  Buffer.from(data[key] ?? '', 'base64').toString();

/** The fields the reconcile spine puts on each line of a certs step. */
const stepFields = {
  controller: 'webhook-controller',
  controllerKind: 'Secret',
  Secret: { name: SECRET, namespace: NS },
  reconcileID: '<uuid>',
};

describe('certs function against kube-apiserver', () => {
  let cp: ControlPlane;
  let dir: string;
  let cluster: Cluster;
  /** The function's: the chart's ServiceAccount kruise-fn-certs (the test's own calls stay admin). */
  let certs: ChartIdentity;
  const selfSigned = (env: Record<string, string> = {}): SyncOptions => ({
    config: certsConfigFrom(env),
    externalCerts: false,
    now: () => new Date(),
  });
  const sync = async (opts: SyncOptions = selfSigned()) => {
    const captured = captureLog();
    const result = await syncCerts(
      kubeCertsIO(kubeClient(certs.kubeConfig), NS, SECRET),
      opts,
      captured.log,
    );
    return { result, lines: captured.lines() };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kruise-fn-certs-it-'));
    const policy = join(dir, 'audit-policy.yaml');
    writeFileSync(policy, auditPolicy);
    const auditFile = join(dir, 'audit.log');
    cp = await startControlPlane({
      auditPolicyFile: policy,
      extraApiserverArgs: [`--audit-log-path=${auditFile}`],
    });
    cluster = new Cluster(cp.kubeConfig, auditFile);
    await cluster.core.createNamespace({ body: { metadata: { name: NS } } });
    await cluster.admission.createMutatingWebhookConfiguration({ body: mutatingConfig() });
    await cluster.admission.createValidatingWebhookConfiguration({ body: validatingConfig() });
    await cluster.ext.createCustomResourceDefinition({ body: statefulSetCrd });
    certs = await chartIdentity(cp, 'certs', { namespace: NS });
  });

  after(async () => {
    await cp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('first sync creates the Secret with six keys and writes every caBundle', async () => {
    let result: Awaited<ReturnType<typeof sync>>['result'] | undefined;
    const writes = await cluster.auditedWrites(async () => ({ result } = await sync()));
    assert.deepEqual(result, {
      mode: 'self-signed',
      secret: 'created',
      written: [
        `MutatingWebhookConfiguration/${MUTATING}`,
        `ValidatingWebhookConfiguration/${VALIDATING}`,
        `CustomResourceDefinition/${CRD}`,
      ],
      problems: [],
    });
    assert.deepEqual(writes, [
      `create secrets/${SECRET}`,
      `update mutatingwebhookconfigurations/${MUTATING}`,
      `update validatingwebhookconfigurations/${VALIDATING}`,
      `update customresourcedefinitions/${CRD}`,
    ]);
    const data = await cluster.secretData();
    assert.deepEqual(Object.keys(data).sort(), [
      'ca-cert.pem',
      'ca-key.pem',
      'cert.pem',
      'key.pem',
      'tls.crt',
      'tls.key',
    ]);
    assert.equal(data['tls.crt'], data['cert.pem']);
    assert.equal(data['tls.key'], data['key.pem']);
    assert.match(pem(data, 'key.pem'), /^-----BEGIN RSA PRIVATE KEY-----/);
    assert.deepEqual(await cluster.caBundles(), Array(4).fill(data['ca-cert.pem']));
  });

  it('second sync writes nothing', async () => {
    const before = await cluster.resourceVersions();
    let result: unknown;
    const writes = await cluster.auditedWrites(async () => ({ result } = await sync()));
    assert.deepEqual(result, {
      mode: 'self-signed',
      secret: 'unchanged',
      written: [],
      problems: [],
    });
    assert.deepEqual(writes, []);
    assert.deepEqual(await cluster.resourceVersions(), before);
  });

  it('a corrupt key is logged, replaced with the CA kept, and the next run is clean', async () => {
    const data = await cluster.secretData();
    await cluster.putSecret({
      ...data,
      'key.pem': b64('-----BEGIN RSA PRIVATE KEY-----\nZm9v\n-----END RSA PRIVATE KEY-----\n'),
    });
    const first = await sync();
    assert.equal(first.result.secret, 'updated');
    assert.deepEqual(first.result.written, []);
    assert.deepEqual(first.lines[1], {
      level: 30,
      ...stepFields,
      reason: 'key: not a parseable private key PEM',
      msg: 'Cert is invalid or expired, regenerating a new one',
    });
    const fixed = await cluster.secretData();
    assert.equal(fixed['ca-cert.pem'], data['ca-cert.pem']);
    assert.notEqual(fixed['key.pem'], data['key.pem']);
    assert.equal(fixed['tls.key'], fixed['key.pem']);
    assert.deepEqual((await sync()).result, {
      mode: 'self-signed',
      secret: 'unchanged',
      written: [],
      problems: [],
    });
  });

  it('an expired CA is logged and replaced, with every caBundle following', async () => {
    const issuedAt = new Date(Date.now() - 11 * YEAR_MS);
    const ca = await generateCa(issuedAt);
    const serving = await generateServingCert(
      ca,
      'kruise-webhook-service.kruise-system.svc',
      issuedAt,
    );
    const old = {
      'ca-key.pem': b64(ca.keyPem),
      'ca-cert.pem': b64(ca.certPem),
      'key.pem': b64(serving.keyPem),
      'tls.key': b64(serving.keyPem),
      'cert.pem': b64(serving.certPem),
      'tls.crt': b64(serving.certPem),
    };
    await cluster.putSecret(old);
    const first = await sync();
    assert.equal(first.result.secret, 'updated');
    assert.equal(first.result.written.length, 3);
    assert.equal(
      first.lines[1]?.['msg'],
      'CA is invalid or expires within a year, generating a new one',
    );
    assert.equal(first.lines[1]?.['level'], 40);
    assert.match(String(first.lines[1]?.['reason']), /^CA certificate: expires /);
    const fresh = await cluster.secretData();
    assert.notEqual(fresh['ca-cert.pem'], old['ca-cert.pem']);
    assert.deepEqual(await cluster.caBundles(), Array(4).fill(fresh['ca-cert.pem']));
    assert.equal((await sync()).result.secret, 'unchanged');
  });

  it('a missing webhook configuration is logged and fixed on the next run', async () => {
    await cluster.admission.deleteValidatingWebhookConfiguration({ name: VALIDATING });
    const first = await sync();
    const problem = `not found ValidatingWebhookConfiguration ${VALIDATING}`;
    assert.deepEqual(first.result, {
      mode: 'self-signed',
      secret: 'unchanged',
      written: [],
      problems: [problem],
    });
    assert.deepEqual(first.lines.at(-2), {
      level: 50,
      ...stepFields,
      problem,
      msg: 'Failed to sync webhook certs and configurations',
    });
    await cluster.admission.createValidatingWebhookConfiguration({ body: validatingConfig() });
    const next = await sync();
    assert.deepEqual(next.result.written, [`ValidatingWebhookConfiguration/${VALIDATING}`]);
    assert.deepEqual(next.result.problems, []);
  });

  it('the Lambda bundle under the runtime emulator syncs on a schedule event and fails an invocation with problems', async () => {
    // Prepare: the bundle as shipped, run by aws-lambda-rie + aws-lambda-ric; no Secret yet.
    const [bundle] = (await buildFunctions({ outdir: join(dir, 'dist'), only: ['certs'] })).filter(
      (b) => b.entry === 'lambda',
    );
    assert.ok(bundle !== undefined, 'no certs/lambda bundle');
    await cluster.core.deleteNamespacedSecret({ name: SECRET, namespace: NS });
    // The chart runs no certs function on lambda (no caBundle to write behind a
    // Function URL); the bundle runs with the knative install's RBAC.
    const lambda = await startLambdaEmulator(bundle.outfile, {
      KUBECONFIG: certs.kubeconfigPath,
      LOG_LEVEL: '0',
    });
    try {
      const tick = loadEvent('schedule', 'eventbridge-rule');
      // Act + Assess: the first tick creates the Secret and every caBundle follows it.
      let first: unknown;
      const writes = await cluster.auditedWrites(async () => (first = await lambda.invoke(tick)));
      assert.deepEqual(first, {
        mode: 'self-signed',
        secret: 'created',
        written: [
          `MutatingWebhookConfiguration/${MUTATING}`,
          `ValidatingWebhookConfiguration/${VALIDATING}`,
          `CustomResourceDefinition/${CRD}`,
        ],
        problems: [],
      });
      assert.equal(writes[0], `create secrets/${SECRET}`);
      const data = await cluster.secretData();
      assert.deepEqual(await cluster.caBundles(), Array(4).fill(data['ca-cert.pem']));
      // The next tick writes nothing.
      let second: unknown;
      assert.deepEqual(
        await cluster.auditedWrites(async () => (second = await lambda.invoke(tick))),
        [],
      );
      assert.deepEqual(second, {
        mode: 'self-signed',
        secret: 'unchanged',
        written: [],
        problems: [],
      });
      // A problem fails the invocation, as Lambda reports a handler's error.
      await cluster.admission.deleteValidatingWebhookConfiguration({ name: VALIDATING });
      const failed = (await lambda.invoke(tick)) as Record<string, unknown>;
      assert.deepEqual(
        [failed['errorType'], failed['errorMessage']],
        ['SyncProblemsError', `not found ValidatingWebhookConfiguration ${VALIDATING}`],
      );
      await cluster.admission.createValidatingWebhookConfiguration({ body: validatingConfig() });
      const fixed = (await lambda.invoke(tick)) as { written: string[] };
      assert.deepEqual(fixed.written, [`ValidatingWebhookConfiguration/${VALIDATING}`]);
      // One execution environment served all four: one init phase.
      assert.equal(lambda.initDurationsMs.length, 1);
    } finally {
      assert.equal(await lambda.stop(), 0);
    }
  });

  it('with EnableExternalCerts, writes nothing and accepts cert-manager’s Secret and injected caBundles', async () => {
    // Written exactly as cert-manager (Certificate → kubernetes.io/tls Secret) and cainjector
    // (caBundle = base64 of the Secret's ca.crt bytes) write them.
    const now = new Date();
    const ca = await generateCa(now);
    const serving = await generateServingCert(ca, 'kruise-webhook-service.kruise-system.svc', now);
    await cluster.putSecret(
      {
        'ca.crt': b64(ca.certPem),
        'tls.crt': b64(serving.certPem),
        'tls.key': b64(serving.keyPem),
      },
      'kubernetes.io/tls',
    );
    const injected = b64(ca.certPem);
    const m = await cluster.admission.readMutatingWebhookConfiguration({ name: MUTATING });
    m.webhooks?.forEach((w) => (w.clientConfig.caBundle = injected));
    await cluster.admission.replaceMutatingWebhookConfiguration({ name: MUTATING, body: m });
    const v = await cluster.admission.readValidatingWebhookConfiguration({ name: VALIDATING });
    v.webhooks?.forEach((w) => (w.clientConfig.caBundle = injected));
    await cluster.admission.replaceValidatingWebhookConfiguration({ name: VALIDATING, body: v });
    const c = await cluster.ext.readCustomResourceDefinition({ name: CRD });
    c.spec.conversion!.webhook!.clientConfig!.caBundle = injected;
    await cluster.ext.replaceCustomResourceDefinition({ name: CRD, body: c });

    const external = { ...selfSigned(), externalCerts: true };
    const before = await cluster.resourceVersions();
    let result: unknown;
    const writes = await cluster.auditedWrites(async () => ({ result } = await sync(external)));
    assert.deepEqual(result, { mode: 'external', secret: 'checked', written: [], problems: [] });
    assert.deepEqual(writes, []);
    assert.deepEqual(await cluster.resourceVersions(), before);

    // A caBundle the injector has not written yet is reported, still without a write.
    const stale = await cluster.admission.readMutatingWebhookConfiguration({ name: MUTATING });
    stale.webhooks?.forEach((w) => (w.clientConfig.caBundle = b64('stale')));
    await cluster.admission.replaceMutatingWebhookConfiguration({ name: MUTATING, body: stale });
    const staleBefore = await cluster.resourceVersions();
    let staleResult: unknown;
    const staleWrites = await cluster.auditedWrites(
      async () => ({ result: staleResult } = await sync(external)),
    );
    assert.deepEqual(staleResult, {
      mode: 'external',
      secret: 'checked',
      written: [],
      problems: [
        `caBundle of MutatingWebhookConfiguration ${MUTATING} does not match the external caBundle`,
      ],
    });
    assert.deepEqual(staleWrites, []);
    assert.deepEqual(await cluster.resourceVersions(), staleBefore);
  });
});
