/**
 * `make run`: the whole system on the embedded local control plane, with the
 * release notes' samples applied and shown working.
 * 1. etcd + kube-apiserver (start-control-plane.ts) with our audit policy
 *    (infra/audit/policy.yaml) and its audit webhook pointing at the
 *    reconcile function's `/audit`; CRDs, namespace kruise-system; beside
 *    it the node side (node-side.ts): a docker-registry with an image built
 *    here and containerd, when it can run (root, `make node-infra`);
 * 2. the webhook configurations, pointing at the admission function by URL;
 * 3. the certs function (self-signed CA and serving certificate into Secret
 *    kruise-system/kruise-webhook-certs, caBundle into the configurations);
 * 4. the admission function serving HTTPS with the key pair of that Secret;
 * 5. the reconcile function, fed by the audit webhook, and a resync ping
 *    every RESYNC_PERIOD_MS as a Knative PingSource would send it;
 * 6. the credentials function (Knative entry) and, with containerd, a Node
 *    reported Ready by the stand-in kubelet and the node puller on it;
 * 7. the samples (samples.ts): the SidecarSet's native sidecar in a pod, the
 *    Advanced StatefulSet's pods from ordinals.start, the ImagePullJob
 *    pulled through the node puller and containerd.
 * Prints a line per step with the seconds since the start, then the URLs,
 * the kubeconfig and a kubectl line per sample, and stays up until Ctrl-C
 * (or SIGTERM). `--check` (or KRUISE_FN_RUN_EXIT=1) stops everything once
 * the samples are verified: exit 0 when each worked, 1 otherwise.
 * KRUISE_FN_RUN_DIR (default .cache/run) holds the kubeconfig, logs and the
 * node's state; KRUISE_FN_DIST (default dist) the bundles.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudEvent, HTTP } from 'cloudevents';
import { PING_EVENT_TYPE } from '../../functions/reconcile/intake/cloudevents.js';
import { DEFAULT_DAEMON_CONFIG_NAMESPACE } from '../../functions/reconcile/imagepulljob/secrets.js';
import { CREATION_DELAY_MS } from '../../functions/reconcile/nodeimage/plan.js';
import { RESYNC_PERIOD_MS } from '../../functions/reconcile/run.js';
import type { ConfigMap, Pod } from '../../shared/api/core/core-v1.js';
import type { ImagePullJob, SidecarSet, StatefulSet } from '../../shared/api/index.js';
import { parseFeatureGates } from '../../shared/feature-gates.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { namespaces, pods, secrets } from '../../shared/kube/core-resources.js';
import { imagePullJobs, nodeImages } from '../../shared/kube/kruise-resources.js';
import type { KubeObject } from '../../shared/kube/resource.js';
import { auditWebhookKubeconfig } from '../audit/webhook-config.js';
import { installCrds } from '../manifests/install-crds.js';
import { registerWebhooks } from '../webhooks/register.js';
import { startNodeSide, type NodeSideResult } from './node-side.js';
import { freePort, startProcess, stopProcess } from './processes.js';
import { progress } from './progress.js';
import {
  SAMPLE_FILES,
  SAMPLE_NAMESPACE,
  completedStatus,
  describePod,
  loadSample,
  missingPods,
  nativeSidecars,
  nodeTagLines,
  ordinalPodNames,
  resourceOf,
} from './samples.js';
import { startControlPlane } from './start-control-plane.js';
import { registerReadyNode, startStandInKubelet, type StandInKubelet } from './stand-in-kubelet.js';

const NAMESPACE = 'kruise-system';
const SECRET = 'kruise-webhook-certs';
const NODE_NAME = 'kruise-fn-node';
/** The labels the ImagePullJob sample selects its nodes by. */
const NODE_LABELS = { 'node-role': 'worker' };
// The chart's default (ImagePullJobGate=true) and the gate the Advanced
// StatefulSet sample needs (ordinals.start).
const FEATURE_GATES =
  process.env['FEATURE_GATES'] ?? 'ImagePullJobGate=true,StatefulSetStartOrdinal=true';
const CHECK = process.argv.includes('--check') || process.env['KRUISE_FN_RUN_EXIT'] === '1';
const runDir = resolve(process.env['KRUISE_FN_RUN_DIR'] ?? join(process.cwd(), '.cache', 'run'));
const distDir = resolve(process.env['KRUISE_FN_DIST'] ?? join(process.cwd(), 'dist'));
mkdirSync(runDir, { recursive: true });

const p = progress((text) => process.stdout.write(text));
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

const httpsStatus = (url: string, ca: string): Promise<number> =>
  new Promise((done, fail) => {
    const req = request(url, { ca }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });

const httpOk = async (url: string) => ((await fetch(url)).status === 200 ? true : undefined);

/** Posts a PingSource-style resync CloudEvent (binary mode) to the reconcile function. */
async function ping(url: string): Promise<number> {
  const message = HTTP.binary(
    new CloudEvent({
      type: PING_EVENT_TYPE,
      source: '/apis/v1/namespaces/kruise-system/pingsources/kruise-fn-resync',
      data: {},
    }),
  );
  const res = await fetch(url, {
    method: 'POST',
    headers: message.headers as Record<string, string>,
    body: String(message.body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Starts a bundle of dist/ as its own process, its log in the run dir. */
function startBundle(fn: string, entry: string, env: Record<string, string>): void {
  children.push(
    startProcess(
      process.execPath,
      ['--enable-source-maps', join(distDir, fn, `${entry}.js`)],
      join(runDir, `${fn}.log`),
      { env: { ...process.env, POD_NAMESPACE: NAMESPACE, FEATURE_GATES, ...env } },
    ),
  );
}

async function apply(client: KubeClient, file: string): Promise<KubeObject> {
  const object = loadSample(file);
  const created = await client.create(resourceOf(object), object);
  const ns = created.metadata?.namespace;
  p.say(
    `applied ${file}: ${created.kind} ${ns !== undefined ? `${ns}/` : ''}${created.metadata?.name}`,
  );
  return created;
}

async function main(): Promise<void> {
  const reconcilePort = await freePort();
  const reconcileUrl = `http://127.0.0.1:${reconcilePort}`;
  const auditWebhook = join(runDir, 'audit-webhook.yaml');
  writeFileSync(auditWebhook, auditWebhookKubeconfig(`${reconcileUrl}/audit`));
  const job = loadSample<ImagePullJob>(SAMPLE_FILES.imagePullJob);
  const image = job.spec?.image ?? '';

  p.say(
    'starting etcd and kube-apiserver; beside them the node side (docker-registry, image, containerd)',
  );
  const nodeSide: Promise<NodeSideResult> = startNodeSide(runDir, [image], p);
  const cp = await startControlPlane({
    logDir: runDir,
    auditPolicyFile: fileURLToPath(new URL('../audit/policy.yaml', import.meta.url)),
    auditWebhookConfigFile: auditWebhook,
  });
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    p.say('stopping');
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    // In parallel: a server still draining kept-alive connections is killed after 10 s.
    await Promise.all(children.map((child) => stopProcess(child)));
    const node = await nodeSide;
    if (node.ok) await node.node.stop();
    await cp.stop();
    p.say('stopped; nothing left running');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    const kc = cp.kubeConfig;
    const kubeconfig = join(runDir, 'kubeconfig');
    writeFileSync(kubeconfig, readFileSync(cp.kubeconfigPath), { mode: 0o600 });
    const client = kubeClient(kc);
    p.say(`kube-apiserver up at ${cp.server}`);
    const node = await nodeSide;
    let nodeReadyAt: Date | undefined;
    if (node.ok) {
      const pushed = node.node.images.get(image);
      p.say(
        `containerd up; docker-registry ${node.node.registry} serves ${image} (built here, pushed as ${pushed?.ref} ${pushed?.digest})`,
      );
      nodeReadyAt = await registerReadyNode(client, NODE_NAME, NODE_LABELS);
      p.say(`Node ${NODE_NAME} registered and reported Ready by the stand-in kubelet`);
    } else {
      p.say(`containerd unavailable: ${node.reason}`);
      p.say('  so no Node, no node puller: the ImagePullJob will have no node to pull on');
    }

    p.say('installing CRDs and the namespaces kruise-system, kruise-daemon-config');
    await installCrds(kc);
    // kruise-system, and the namespace the ImagePullJobs' secret copies go to
    // (the chart always makes it, as OpenKruise's does).
    for (const metadata of [
      { name: NAMESPACE, labels: { 'control-plane': 'openkruise' } },
      { name: DEFAULT_DAEMON_CONFIG_NAMESPACE },
    ])
      await client.create(namespaces, { metadata });
    const [admissionPort, certsPort, credentialsPort, pullerPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const admissionUrl = `https://127.0.0.1:${admissionPort}`;
    p.say('registering the webhook configurations (by URL)');
    await registerWebhooks(kc, {
      url: admissionUrl,
      caBundle: '',
      gates: parseFeatureGates(FEATURE_GATES),
    });

    p.say('starting the certs function (self-signed CA and serving certificate)');
    startBundle('certs', 'knative', {
      KUBECONFIG: kubeconfig,
      PORT: String(certsPort),
      WEBHOOK_HOST: '127.0.0.1',
    });
    const secret = await p.waitFor('the webhook certificate Secret', async () => {
      const s = await client.get(secrets, { name: SECRET, namespace: NAMESPACE });
      return s.data?.['tls.crt'] !== undefined ? s : undefined;
    });
    const caPem = Buffer.from(secret.data?.['ca-cert.pem'] ?? '', 'base64').toString();

    p.say('starting the admission function');
    startBundle('admission', 'knative', {
      KUBECONFIG: kubeconfig,
      PORT: String(admissionPort),
      TLS_SECRET: `${NAMESPACE}/${SECRET}`,
    });
    await p.waitFor('the admission function to be ready', async () =>
      (await httpsStatus(`${admissionUrl}/readyz`, caPem)) === 200 ? true : undefined,
    );

    p.say('starting the reconcile function (fed by the audit webhook)');
    startBundle('reconcile', 'knative', { KUBECONFIG: kubeconfig, PORT: String(reconcilePort) });
    await p.waitFor('the reconcile function to be ready', () => httpOk(`${reconcileUrl}/healthz`));
    const resync = () =>
      void ping(reconcileUrl)
        .then((status) => status === 200 || p.say(`resync ping answered ${status}`))
        .catch((err: unknown) => p.say(`resync ping failed: ${(err as Error).message}`));
    resync();
    const resyncTimer = setInterval(resync, RESYNC_PERIOD_MS);
    cleanups.push(async () => clearInterval(resyncTimer));

    p.say('starting the credentials function');
    const credentialsUrl = `http://127.0.0.1:${credentialsPort}`;
    startBundle('credentials', 'knative', { PORT: String(credentialsPort) });
    await p.waitFor('the credentials function', () => httpOk(`${credentialsUrl}/healthz`));

    const pullerUrl = `http://127.0.0.1:${pullerPort}`;
    if (node.ok) {
      p.say(`starting the node puller for ${NODE_NAME} on containerd`);
      startBundle('node-puller', 'main', {
        KUBECONFIG: kubeconfig,
        NODE_NAME,
        CRI_SOCKET_FILE: node.node.socket,
        PORT: String(pullerPort),
        // No credential-provider plugins: the local registry needs no credentials.
        PLUGIN_CONFIG_FILE: join(runDir, 'node', 'no-plugin-config.yaml'),
      });
      await p.waitFor('the node puller (NodeImage listed, CRI answering)', () =>
        httpOk(`${pullerUrl}/healthz`),
      );
    }
    // The NodeImage controller makes a node's NodeImage once the node has
    // been Ready 30 s; past the invocation's inline wait, that is left to
    // the next resync. Ping then rather than up to 60 s later.
    if (nodeReadyAt !== undefined) {
      const wait = nodeReadyAt.getTime() + CREATION_DELAY_MS + 1000 - Date.now();
      const timer = setTimeout(resync, Math.max(wait, 0));
      cleanups.push(async () => clearTimeout(timer));
    }

    p.say('applying the samples');
    await apply(client, SAMPLE_FILES.credentialProviderConfig);
    const sidecarSet = (await apply(client, SAMPLE_FILES.sidecarSet)) as SidecarSet;
    // A pod created 1 s after a SidecarSet was written sees it (the admission cache bound).
    await sleep(1000);
    const kubelet: StandInKubelet = startStandInKubelet(client, SAMPLE_NAMESPACE);
    cleanups.push(() => kubelet.stop());
    p.say('the stand-in kubelet writes pods Running and Ready (there is no kubelet here)');
    const pod = (await apply(client, SAMPLE_FILES.pod)) as Pod;
    const sts = (await apply(client, SAMPLE_FILES.statefulSet)) as StatefulSet;

    const results: string[] = [];
    // 1. The native sidecar.
    const want = (sidecarSet.spec?.initContainers ?? []).map((c) => c.name);
    const got = nativeSidecars(pod);
    if (!want.every((n) => got.some((g) => g.name === n)))
      throw new Error(`pod ${pod.metadata?.name} has no native sidecar ${want.join(', ')}`);
    const sidecarLine = `ok: SidecarSet ${sidecarSet.metadata?.name} injected native sidecar ${got.map((g) => g.name).join(', ')} (initContainers, restartPolicy Always) into pod ${SAMPLE_NAMESPACE}/${pod.metadata?.name}`;
    p.say(sidecarLine);
    p.print(describePod(pod));
    results.push(sidecarLine);

    // 2. The Advanced StatefulSet's pods from ordinals.start.
    const names = ordinalPodNames(sts);
    const stsPods = await p.waitFor(
      `the Advanced StatefulSet's pods ${names.join(', ')}`,
      async () => {
        const { items } = await client.list(pods, {
          namespace: SAMPLE_NAMESPACE,
          labelSelector: 'app=sample',
        });
        const running = items.filter((x) => x.status?.phase === 'Running');
        return missingPods(names, running).length === 0 ? items : undefined;
      },
    );
    const ordered = names.map((n) => stsPods.find((x) => x.metadata?.name === n));
    const stsLine = `ok: Advanced StatefulSet ${SAMPLE_NAMESPACE}/${sts.metadata?.name} (replicas ${sts.spec?.replicas}, ordinals.start ${sts.spec?.ordinals?.start}) made pods ${names.join(', ')}`;
    p.say(stsLine);
    p.print(
      ordered.map(
        (x) =>
          `    ${x?.metadata?.name}: phase ${x?.status?.phase ?? 'Pending'}, native sidecars ${nativeSidecars(
            x ?? {},
          )
            .map((s) => s.name)
            .join(', ')}`,
      ),
    );
    p.print([
      '    (no kubelet runs containers here: the phase is what the stand-in kubelet wrote, so',
      '    OrderedReady goes on to the next ordinal; the pods and their names are the point)',
    ]);
    results.push(stsLine);

    // 3. The ImagePullJob through the node puller and containerd.
    let jobLine: string;
    if (node.ok) {
      await p.waitFor(
        `NodeImage ${NODE_NAME} (made once the node has been Ready ${CREATION_DELAY_MS / 1000} s)`,
        async () => {
          // The controller creates it, then mirrors the Node's labels in a
          // second write; a job applied between the two selects no node.
          const ni = await client.find(nodeImages, { name: NODE_NAME });
          const labels = ni?.metadata?.labels ?? {};
          return Object.entries(NODE_LABELS).every(([k, v]) => labels[k] === v) ? ni : undefined;
        },
        CREATION_DELAY_MS + 60_000,
      );
      p.say(
        `NodeImage ${NODE_NAME} exists, with the Node's labels (${Object.entries(NODE_LABELS)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`,
      );
      const applied = (await apply(client, SAMPLE_FILES.imagePullJob)) as ImagePullJob;
      const started = Date.now();
      const status = await p.waitFor(
        `ImagePullJob ${SAMPLE_NAMESPACE}/${applied.metadata?.name} to complete (node puller, containerd)`,
        async () =>
          completedStatus(
            await client.get(imagePullJobs, {
              namespace: SAMPLE_NAMESPACE,
              name: applied.metadata?.name ?? '',
            }),
          ),
        120_000,
      );
      const ni = await client.get(nodeImages, { name: NODE_NAME });
      const counts = `desired ${status?.desired}, succeeded ${status?.succeeded ?? 0}, failed ${status?.failed ?? 0}`;
      if ((status?.succeeded ?? 0) !== status?.desired || status?.desired === 0)
        throw new Error(`ImagePullJob ${applied.metadata?.name}: ${status?.message} (${counts})`);
      jobLine = `ok: ImagePullJob ${SAMPLE_NAMESPACE}/${applied.metadata?.name}: ${status?.message} (${counts}) in ${((Date.now() - started) / 1000).toFixed(1)} s`;
      p.say(jobLine);
      p.print([
        `    ${image} pulled by the node puller through containerd's CRI:`,
        ...nodeTagLines(ni, image),
      ]);
    } else {
      const applied = (await apply(client, SAMPLE_FILES.imagePullJob)) as ImagePullJob;
      const status = await p.waitFor('the ImagePullJob status', async () => {
        const j = await client.get(imagePullJobs, {
          namespace: SAMPLE_NAMESPACE,
          name: applied.metadata?.name ?? '',
        });
        return j.status ?? undefined;
      });
      jobLine = `skipped: ImagePullJob ${SAMPLE_NAMESPACE}/${applied.metadata?.name} pulled nothing: containerd unavailable (${node.reason}); status: ${status.message} (desired ${status.desired})`;
      p.say(jobLine);
    }
    results.push(jobLine);

    p.say(`ready: every sample applied and checked`);
    const cm = loadSample<ConfigMap>(SAMPLE_FILES.credentialProviderConfig);
    p.print([
      '',
      `  kubeconfig:           ${kubeconfig}`,
      `                        export KUBECONFIG=${kubeconfig}`,
      `  kube-apiserver:       ${cp.server}`,
      `  admission function:   ${admissionUrl}  (/healthz, /readyz, /mutate-pod, …)`,
      `  certs function:       http://127.0.0.1:${certsPort}  (POST /sync)`,
      `  reconcile function:   ${reconcileUrl}  (POST /audit from the apiserver's audit webhook,`,
      `                        POST / CloudEvents; a resync ping every ${RESYNC_PERIOD_MS / 1000} s)`,
      `  credentials function: ${credentialsUrl}  (POST /credentials; asks ECR with the AWS SDK's own credentials)`,
      ...(node.ok
        ? [
            `  node puller:          ${pullerUrl}/healthz  (node ${NODE_NAME}, CRI ${node.node.socket})`,
            `  docker-registry:      http://${node.node.registry}  (containerd's certs.d maps ${image.split('/')[0]} to it)`,
          ]
        : [`  node puller:          not started (${node.reason})`]),
      `  feature gates:        ${FEATURE_GATES}`,
      `  logs:                 ${runDir}/*.log`,
      '',
      '  Try (KUBECONFIG as above), one line per sample:',
      `    kubectl -n ${cm.metadata?.namespace} get configmap ${cm.metadata?.name} -o jsonpath='{.data}'`,
      `    kubectl get sidecarset ${sidecarSet.metadata?.name} -o jsonpath='{.status}'`,
      `    kubectl get pod ${pod.metadata?.name} -o jsonpath='{range .spec.initContainers[*]}{.name} {.restartPolicy}{"\\n"}{end}'`,
      `    kubectl get pods -l app=sample`,
      `    kubectl get imagepulljob ${job.metadata?.name} -o jsonpath='{.status.message}{"\\n"}'; kubectl get nodeimages`,
      '',
      CHECK ? '  --check: stopping now.' : '  Ctrl-C stops everything.',
      '',
    ]);
    if (CHECK) {
      p.say(`check passed: ${results.length} samples`);
      await shutdown(0);
    }
  } catch (err) {
    process.stderr.write(`[run] failed: ${(err as Error).message}\n(logs in ${runDir})\n`);
    await shutdown(1);
  }
}

// Child processes do not hold the event loop (processes.ts): stay up until a signal.
const keepAlive = setInterval(() => undefined, 1 << 30);
process.once('exit', () => clearInterval(keepAlive));
await main();
