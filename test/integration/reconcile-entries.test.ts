/**
 * Both entries of the reconcile function, as built for shipping
 * (infra/build.ts), each fed its real inputs, run the same reconcile against
 * the kube-apiserver: container launch priority (SPEC §3) creates a pod's
 * barrier, releases `p_1`, then `p_0` once the sidecar is Ready.
 *
 * - Lambda (`dist/reconcile/lambda.js`, run by the Lambda runtime interface
 *   emulator with the Node.js runtime interface client, test/support/lambda-rie.ts): the audit
 *   events the kube-apiserver sent for each write (recorded through the run's
 *   audit relay, audit-capture.ts) in the CloudWatch Logs subscription form
 *   EKS audit logs reach Lambda in (events/cloudwatch/build.ts), with a
 *   garbage record among them; an EventBridge Scheduled Event resyncs.
 * - Knative (`dist/reconcile/knative.js`, its own process on PORT):
 *   ApiServerSource CloudEvents made from objects read back from the
 *   apiserver, binary and structured, Resource and Reference mode; a
 *   PingSource tick resyncs; and the apiserver's audit webhook, through the
 *   relay, posts to its `/audit`.
 *
 * A bad event gets a 400 with a precise message (Knative) or `{error}`
 * (Lambda), and nothing is written for it. Pods are written as the pod
 * webhook leaves them (launch-priority.test.ts runs the webhook itself): the
 * entries, not admission, are under test here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { HTTP, type CloudEvent, type Message } from 'cloudevents';
import { loadEvent } from '../../events/load.js';
import { auditLogEvents, dataMessage, subscriptionEvent } from '../../events/cloudwatch/build.js';
import type { LambdaResult } from '../../functions/reconcile/lambda.js';
import type { AuditEvent } from '../../functions/reconcile/intake/audit.js';
import type { BatchSummary } from '../../functions/reconcile/reconcile-batch.js';
import { buildFunctions } from '../../infra/build.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import type { ConfigMap, EnvVar, Pod } from '../../shared/api/core/core-v1.js';
import {
  barrierName,
  CONTAINER_BARRIER_ENV,
  CONTAINER_LAUNCH_COMPLETED_ANNOTATION,
  CONTAINER_PRIORITY_ENV,
} from '../../shared/api/launch-priority.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { configMaps, pods } from '../../shared/kube/core-resources.js';
import { apiServerSourceEvent, pingSourceEvent } from '../support/apiserver-source.js';
import { isWrite, startAuditCapture, type AuditCapture } from '../support/audit-capture.js';
import { setAuditTarget } from '../support/audit-relay.js';
import { startBundleProcess, type BundleProcess } from '../support/bundle-process.js';
import { startLambdaEmulator, type LambdaEmulator } from '../support/lambda-rie.js';
import {
  sharedAuditRelay,
  sharedControlPlane,
  testNamespace,
  type ControlPlane,
} from '../support/control-plane.js';
import { chartIdentity } from '../support/chart-identity.js';
import { until } from '../support/until.js';

const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-reconcile-entries-'));
let cp: ControlPlane;
let relay: string;
let capture: AuditCapture;
let client: KubeClient;
let namespace: string;
let lambdaFile: string;
let knativeFile: string;
/** Every pod this suite created, as the create returned it. */
const created = new Map<string, Pod>();

before(async () => {
  cp = await sharedControlPlane();
  relay = await sharedAuditRelay();
  // Until a test says otherwise, the apiserver's audit events are only recorded.
  capture = await startAuditCapture();
  await setAuditTarget(relay, capture.url);
  client = kubeClient(cp.kubeConfig);
  // As in a cluster: the CRR controller maps pod events by listing CRRs.
  await installCrds(cp.kubeConfig);
  namespace = await testNamespace(cp.kubeConfig, 'entries');
  const built = await buildFunctions({ outdir: join(dir, 'dist'), only: ['reconcile'] });
  const outfile = (entry: string) => {
    const bundle = built.find((b) => b.entry === entry);
    if (bundle === undefined) throw new Error(`no reconcile/${entry} bundle`);
    return bundle.outfile;
  };
  lambdaFile = outfile('lambda');
  knativeFile = outfile('knative');
});
after(async () => {
  await setAuditTarget(relay, undefined);
  await capture.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The pod webhook's output for `sidecar` at priority 1: each container reads its barrier key. */
function barredPod(name: string): Pod {
  const barrier = (key: string): EnvVar => ({
    name: CONTAINER_BARRIER_ENV,
    valueFrom: { configMapKeyRef: { name: barrierName(name), key } },
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      containers: [
        { name: 'main', image: 'example/main:1', env: [barrier('p_0')] },
        {
          name: 'sidecar',
          image: 'example/sidecar:1',
          env: [{ name: CONTAINER_PRIORITY_ENV, value: '1' }, barrier('p_1')],
        },
      ],
    },
  };
}

const containerStatus = (name: string, ready: boolean) => ({
  name,
  ready,
  restartCount: 0,
  image: `example/${name}:1`,
  imageID: '',
  ...(ready ? { started: true, state: { running: { startedAt: '2026-12-01T00:00:00Z' } } } : {}),
});

/** The kubelet (this test) reports the sidecar Ready, through pods/status. */
async function sidecarReady(name: string): Promise<Pod> {
  const pod = await client.get(pods, { namespace, name });
  return client.updateStatus(pods, {
    ...pod,
    status: {
      phase: 'Pending',
      containerStatuses: [containerStatus('main', false), containerStatus('sidecar', true)],
    },
  });
}

const barrierOf = (pod: string): Promise<ConfigMap | undefined> =>
  client.find(configMaps, { namespace, name: barrierName(pod) });

/** What launch priority has written for a pod: its barrier's keys and owners, and the mark. */
async function launchState(name: string) {
  const pod = await client.get(pods, { namespace, name });
  const barrier = await barrierOf(name);
  return {
    barrier: barrier?.data,
    owners: barrier?.metadata?.ownerReferences,
    completed: pod.metadata?.annotations?.[CONTAINER_LAUNCH_COMPLETED_ANNOTATION],
  };
}

/** The state once `keys` are released: a barrier owned by the pod as created (no controller). */
const released = (name: string, keys: Record<string, string>, completed?: 'true') => ({
  barrier: keys,
  owners: [{ apiVersion: 'v1', kind: 'Pod', name, uid: created.get(name)?.metadata?.uid }],
  completed,
});

/** The audit events of this suite's namespace (the capture has every suite's). */
const ours = (events: readonly AuditEvent[]) =>
  events.filter((e) => e.objectRef?.namespace === namespace);

/** A resync's summary, as far as this suite's keys go (other suites' pods may be in it). */
function resyncOfOurs(result: unknown) {
  assert.ok(
    typeof result === 'object' && result !== null && !('error' in result),
    JSON.stringify(result),
  );
  const summary = result as BatchSummary;
  return {
    named: summary.named,
    skipped: summary.skipped,
    left: summary.leftToResync.filter((o) => o.key.namespace === namespace),
  };
}

/** Creates a pod; resolves once its create was audited, with the suite's events since. */
async function createPod(name: string): Promise<{ pod: Pod; events: AuditEvent[] }> {
  const from = capture.events.length;
  const pod = await client.create(pods, barredPod(name));
  created.set(name, pod);
  const events = await capture.waitFor(
    `create ${name}`,
    isWrite('create', 'pods', namespace, name),
    from,
  );
  return { pod, events: ours(events) };
}

describe('reconcile Lambda bundle', () => {
  let lambda: LambdaEmulator;
  const handler = async (event: unknown) => (await lambda.invoke(event)) as LambdaResult;

  before(async () => {
    // The bundle reads its environment once, in the init phase (process.ts).
    // The RBAC a Lambda install binds to the reconcile function's group.
    const identity = await chartIdentity(cp, 'reconcile', { platform: 'lambda' });
    lambda = await startLambdaEmulator(lambdaFile, {
      KUBECONFIG: identity.kubeconfigPath,
      LOG_LEVEL: '0',
    });
  });
  after(async () => {
    assert.equal(await lambda.stop(), 0);
  });

  it('reconciles the audit events of a CloudWatch Logs subscription event, skipping a garbage record', async () => {
    // Prepare: the apiserver's audit event of the create, as EKS logs it, after a broken line.
    const { events } = await createPod('lp-0');
    const garbage = {
      id: '0',
      timestamp: Date.now(),
      message: 'I1202 00:00:00 not an audit event',
    };
    const event = subscriptionEvent(dataMessage([garbage, ...auditLogEvents(events, Date.now())]));
    // Act
    const result = await handler(event);
    // Assess: one object named, the garbage skipped; barrier created, then p_1 at once.
    assert.deepStrictEqual(result, {
      named: 1,
      skipped: 1,
      keys: 1,
      outcomes: { done: 2 },
      leftToResync: [],
    });
    assert.deepStrictEqual(await launchState('lp-0'), released('lp-0', { p_1: 'true' }));
  });

  it("releases p_0 from the kubelet's status write, delivered the same way", async () => {
    // Prepare: the function's own writes are audited too; take what comes after them.
    await capture.waitFor(
      'patch lp-0-barrier',
      isWrite('patch', 'configmaps', namespace, barrierName('lp-0')),
    );
    const from = capture.events.length;
    await sidecarReady('lp-0');
    const events = ours(
      await capture.waitFor(
        'lp-0 status',
        isWrite('update', 'pods', namespace, 'lp-0', 'status'),
        from,
      ),
    );
    // Act
    const result = await handler(subscriptionEvent(dataMessage(auditLogEvents(events))));
    // Assess
    assert.deepStrictEqual(result, {
      named: 1,
      skipped: 0,
      keys: 1,
      outcomes: { done: 1 },
      leftToResync: [],
    });
    assert.deepStrictEqual(
      await launchState('lp-0'),
      released('lp-0', { p_0: 'true', p_1: 'true' }, 'true'),
    );
  });

  it('answers an event it does not take with {error} and writes nothing', async () => {
    // Prepare: a pod that needs its barrier, and its real audit event.
    const { pod, events } = await createPod('lp-bad');
    const noStream: Record<string, unknown> = { ...dataMessage(auditLogEvents(events)) };
    delete noStream['logStream'];
    const cases: [unknown, LambdaResult][] = [
      [
        { detail: {} },
        {
          error:
            'not an event the reconcile function takes: a CloudWatch Logs subscription (awslogs.data) or an EventBridge Scheduled Event',
        },
      ],
      [
        { awslogs: { data: Buffer.from('not gzip').toString('base64') } },
        { error: 'awslogs.data is not gzip: incorrect header check' },
      ],
      [
        subscriptionEvent(noStream),
        { error: 'awslogs.data.logStream: Expected required property' },
      ],
      [
        {
          ...loadEvent<Record<string, unknown>>('schedule', 'eventbridge-rule'),
          'detail-type': 'Object Created',
        },
        {
          error:
            'not an event the reconcile function takes: a CloudWatch Logs subscription (awslogs.data) or an EventBridge Scheduled Event',
        },
      ],
    ];
    // Act
    const results = [];
    for (const [event] of cases) results.push(await handler(event));
    // Assess
    assert.deepStrictEqual(
      results,
      cases.map(([, want]) => want),
    );
    const now = await client.get(pods, { namespace, name: 'lp-bad' });
    assert.equal(now.metadata?.resourceVersion, pod.metadata?.resourceVersion);
    assert.equal(await barrierOf('lp-bad'), undefined);
  });

  it('resyncs on an EventBridge Scheduled Event, converging pods whose events never came', async () => {
    // Prepare: a pod whose audit events went nowhere but the capture.
    await createPod('lp-1');
    // Act
    const result = await handler(loadEvent('schedule', 'eventbridge-rule'));
    // Assess: a resync names nothing; other suites' pods may be in it, so only ours are checked.
    assert.deepStrictEqual(resyncOfOurs(result), { named: 0, skipped: 0, left: [] });
    assert.deepStrictEqual(await launchState('lp-1'), released('lp-1', { p_1: 'true' }));
    assert.deepStrictEqual(await launchState('lp-bad'), released('lp-bad', { p_1: 'true' }));
  });

  it('resyncs on an EventBridge Scheduler invocation (source aws.scheduler) the same way', async () => {
    await createPod('lp-2');
    const result = await handler(loadEvent('schedule', 'eventbridge-scheduler'));
    assert.deepStrictEqual(resyncOfOurs(result), { named: 0, skipped: 0, left: [] });
    assert.deepStrictEqual(await launchState('lp-2'), released('lp-2', { p_1: 'true' }));
  });
});

describe('reconcile Knative bundle', () => {
  let knative: BundleProcess;
  const apiserver = () => cp.server;

  before(async () => {
    knative = await startBundleProcess(knativeFile, {
      KUBECONFIG: (await chartIdentity(cp, 'reconcile')).kubeconfigPath,
      LOG_LEVEL: '2',
    });
  });
  after(async () => {
    await knative.stop();
  });

  const headersOf = (message: Message): Record<string, string> =>
    Object.fromEntries(
      Object.entries(message.headers).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : String(v)]],
      ),
    );

  async function post(path: string, message: Message) {
    const res = await fetch(`${knative.url}${path}`, {
      method: 'POST',
      headers: headersOf(message),
      ...(message.body !== undefined && { body: String(message.body) }),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text: the assertion shows it
    }
    return { status: res.status, body };
  }

  const ok = (outcomes: Record<string, number>, named = 1) => ({
    status: 200,
    body: { named, skipped: 0, keys: named, outcomes, leftToResync: [] },
  });

  /** The pod as the apiserver has it now: what an informer (the adapter) would see. */
  const current = (name: string) => client.get(pods, { namespace, name });

  const sourceEvent = async (
    mode: 'resource' | 'ref',
    action: 'add' | 'update',
    name: string,
  ): Promise<CloudEvent<unknown>> =>
    apiServerSourceEvent(apiserver(), mode, action, await current(name));

  it('reconciles binary Resource-mode and structured Reference-mode ApiServerSource events', async () => {
    await createPod('kn-0');
    assert.deepStrictEqual(
      await post('/', HTTP.binary(await sourceEvent('resource', 'add', 'kn-0'))),
      ok({ done: 2 }),
    );
    assert.deepStrictEqual(await launchState('kn-0'), released('kn-0', { p_1: 'true' }));

    await sidecarReady('kn-0');
    // The SDK's own structured form: application/cloudevents+json; charset=utf-8.
    assert.deepStrictEqual(
      await post('/', HTTP.structured(await sourceEvent('ref', 'update', 'kn-0'))),
      ok({ done: 1 }),
    );
    assert.deepStrictEqual(
      await launchState('kn-0'),
      released('kn-0', { p_0: 'true', p_1: 'true' }, 'true'),
    );
  });

  it('reconciles structured Resource-mode and binary Reference-mode ApiServerSource events', async () => {
    await createPod('kn-1');
    const structured = HTTP.structured(await sourceEvent('resource', 'add', 'kn-1'));
    // What Knative's dispatcher sends: the charset parameter upper-case.
    structured.headers['content-type'] = 'application/cloudevents+json; charset=UTF-8';
    assert.deepStrictEqual(await post('/', structured), ok({ done: 2 }));
    assert.deepStrictEqual(await launchState('kn-1'), released('kn-1', { p_1: 'true' }));

    await sidecarReady('kn-1');
    assert.deepStrictEqual(
      await post('/', HTTP.binary(await sourceEvent('ref', 'update', 'kn-1'))),
      ok({ done: 1 }),
    );
    assert.deepStrictEqual(
      await launchState('kn-1'),
      released('kn-1', { p_0: 'true', p_1: 'true' }, 'true'),
    );
  });

  it('answers a bad event with a 400 and a precise message, and writes nothing', async () => {
    const { pod } = await createPod('kn-bad');
    const event = await sourceEvent('resource', 'add', 'kn-bad');
    const ref = await sourceEvent('ref', 'update', 'kn-bad');
    const refData = { apiVersion: 'v1', kind: 'Pod', name: 'kn-bad', namespace };
    const sourceless = JSON.parse(String(HTTP.structured(event).body)) as Record<string, unknown>;
    delete sourceless['source'];
    const cases: [string, string, Message][] = [
      [
        '/',
        'unknown CloudEvent type "dev.knative.apiserver.resource.modify"',
        HTTP.binary(event.cloneWith({ type: 'dev.knative.apiserver.resource.modify' })),
      ],
      [
        '/',
        'no controller watches Service (v1)',
        HTTP.binary(ref.cloneWith({ data: { ...refData, kind: 'Service' } })),
      ],
      [
        '/',
        'data/name: Expected required property',
        HTTP.binary(ref.cloneWith({ data: { ...refData, name: undefined } })),
      ],
      [
        '/',
        "invalid CloudEvent: must have required property 'source'",
        {
          headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
          body: JSON.stringify(sourceless),
        },
      ],
      [
        '/',
        'not a CloudEvent: no cloud event detected',
        { headers: { 'content-type': 'application/json' }, body: JSON.stringify(pod) },
      ],
      [
        '/audit',
        'not an audit.k8s.io/v1 EventList: /apiVersion: Expected required property',
        HTTP.structured(event),
      ],
    ];
    const answers = [];
    for (const [path, , message] of cases) answers.push(await post(path, message));
    assert.deepStrictEqual(
      answers,
      cases.map(([, error]) => ({ status: 400, body: { error } })),
    );
    const now = await current('kn-bad');
    assert.equal(now.metadata?.resourceVersion, pod.metadata?.resourceVersion);
    assert.equal(await barrierOf('kn-bad'), undefined);
  });

  it('resyncs on a PingSource tick, converging pods no event named', async () => {
    await createPod('kn-2');
    const answer = await post(
      '/',
      HTTP.binary(pingSourceEvent('kruise-system', 'kruise-fn-resync')),
    );
    assert.equal(answer.status, 200);
    assert.deepStrictEqual(resyncOfOurs(answer.body), { named: 0, skipped: 0, left: [] });
    assert.deepStrictEqual(await launchState('kn-2'), released('kn-2', { p_1: 'true' }));
    assert.deepStrictEqual(await launchState('kn-bad'), released('kn-bad', { p_1: 'true' }));
  });

  it("reconciles the apiserver's audit webhook batches on /audit", async () => {
    await setAuditTarget(relay, knative.url);
    try {
      created.set('kn-3', await client.create(pods, barredPod('kn-3')));
      const tail = () => knative.logs.slice(-20).join('\n');
      const want1 = released('kn-3', { p_1: 'true' });
      await until(
        'kn-3 p_1 released',
        async () => (isDeepStrictEqual(await launchState('kn-3'), want1) ? true : undefined),
        { detail: tail },
      );
      await sidecarReady('kn-3');
      const want0 = released('kn-3', { p_0: 'true', p_1: 'true' }, 'true');
      await until(
        'kn-3 p_0 released and completed',
        async () => (isDeepStrictEqual(await launchState('kn-3'), want0) ? true : undefined),
        { detail: tail },
      );
    } finally {
      await setAuditTarget(relay, capture.url);
    }
  });

  it('drains and exits 0 on SIGTERM', async () => {
    assert.equal(await knative.stop(), 0);
  });
});
