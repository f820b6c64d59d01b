/**
 * `make run`: the whole system on the embedded local control plane.
 * 1. etcd + kube-apiserver (start-control-plane.ts) with our audit policy
 *    (infra/audit/policy.yaml) and its audit webhook pointing at the
 *    reconcile function's `/audit`; CRDs, namespace kruise-system;
 * 2. the webhook configurations, pointing at the admission function by URL;
 * 3. the certs function (dist/certs/knative.js): issues the CA and serving
 *    certificate into Secret kruise-system/kruise-webhook-certs and writes
 *    caBundle into the configurations;
 * 4. the admission function (dist/admission/knative.js) serving HTTPS with
 *    the key pair from that Secret;
 * 5. the reconcile function (dist/reconcile/knative.js), fed by the audit
 *    webhook, and a resync ping every RESYNC_PERIOD_MS as a Knative
 *    PingSource would send it (the audit webhook keeps retrying the batches
 *    it made before the function was up; the first ping covers the rest).
 * Prints the kubeconfig and URLs; Ctrl-C (or SIGTERM) stops everything.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { CloudEvent, HTTP } from 'cloudevents';
import { PING_EVENT_TYPE } from '../../functions/reconcile/intake/cloudevents.js';
import { RESYNC_PERIOD_MS } from '../../functions/reconcile/run.js';
import { auditWebhookKubeconfig } from '../audit/webhook-config.js';
import { parseFeatureGates } from '../../shared/feature-gates.js';
import { startControlPlane } from './start-control-plane.js';
import { freePort, startProcess, stopProcess } from './processes.js';
import { installCrds } from '../manifests/install-crds.js';
import { registerWebhooks } from '../webhooks/register.js';

const NAMESPACE = 'kruise-system';
const SECRET = 'kruise-webhook-certs';
// The chart's default feature gates (SPEC §10).
const FEATURE_GATES = process.env['FEATURE_GATES'] ?? 'ImagePullJobGate=true';
const runDir = join(process.cwd(), '.cache', 'run');
mkdirSync(runDir, { recursive: true });

const say = (msg: string) => process.stdout.write(`[run] ${msg}\n`);
const children: ChildProcess[] = [];
let stopping = false;

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function ensureNamespace(kc: KubeConfig): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await core
    .createNamespace({
      body: { metadata: { name: NAMESPACE, labels: { 'control-plane': 'openkruise' } } },
    })
    .catch((err: unknown) => {
      if ((err as { code?: number }).code !== 409) throw err;
    });
}

const httpsStatus = (url: string, ca: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });

function functionEnv(kubeconfig: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KUBECONFIG: kubeconfig,
    POD_NAMESPACE: NAMESPACE,
    FEATURE_GATES,
    ...extra,
  };
}

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

async function main(): Promise<void> {
  const started = Date.now();
  const reconcilePort = await freePort();
  const reconcileUrl = `http://127.0.0.1:${reconcilePort}`;
  const auditWebhook = join(runDir, 'audit-webhook.yaml');
  writeFileSync(auditWebhook, auditWebhookKubeconfig(`${reconcileUrl}/audit`));
  say('starting etcd and kube-apiserver');
  const cp = await startControlPlane({
    logDir: runDir,
    auditPolicyFile: fileURLToPath(new URL('../audit/policy.yaml', import.meta.url)),
    auditWebhookConfigFile: auditWebhook,
  });
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    for (const child of children.reverse()) await stopProcess(child);
    await cp.stop();
    say('stopped; nothing left running');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    const kc = cp.kubeConfig;
    writeFileSync(join(runDir, 'kubeconfig'), readFileSync(cp.kubeconfigPath), { mode: 0o600 });
    say('installing CRDs');
    await installCrds(kc);
    await ensureNamespace(kc);
    const [admissionPort, certsPort] = [await freePort(), await freePort()];
    const admissionUrl = `https://127.0.0.1:${admissionPort}`;
    await registerWebhooks(kc, {
      url: admissionUrl,
      caBundle: '',
      gates: parseFeatureGates(FEATURE_GATES),
    });

    say('starting the certs function');
    const kubeconfig = join(runDir, 'kubeconfig');
    children.push(
      startProcess(
        process.execPath,
        ['--enable-source-maps', 'dist/certs/knative.js'],
        join(runDir, 'certs.log'),
        {
          env: functionEnv(kubeconfig, { PORT: String(certsPort), WEBHOOK_HOST: '127.0.0.1' }),
        },
      ),
    );
    const core = kc.makeApiClient(CoreV1Api);
    const secret = await waitFor('the webhook certificate Secret', async () => {
      const s = await core.readNamespacedSecret({ name: SECRET, namespace: NAMESPACE });
      return s.data?.['tls.crt'] !== undefined ? s : undefined;
    });
    const caPem = Buffer.from(secret.data?.['ca-cert.pem'] ?? '', 'base64').toString();

    say('starting the admission function');
    children.push(
      startProcess(
        process.execPath,
        ['--enable-source-maps', 'dist/admission/knative.js'],
        join(runDir, 'admission.log'),
        {
          env: functionEnv(kubeconfig, {
            PORT: String(admissionPort),
            TLS_SECRET: `${NAMESPACE}/${SECRET}`,
          }),
        },
      ),
    );
    await waitFor('the admission function to be ready', async () =>
      (await httpsStatus(`${admissionUrl}/readyz`, caPem)) === 200 ? true : undefined,
    );

    say('starting the reconcile function');
    children.push(
      startProcess(
        process.execPath,
        ['--enable-source-maps', 'dist/reconcile/knative.js'],
        join(runDir, 'reconcile.log'),
        { env: functionEnv(kubeconfig, { PORT: String(reconcilePort) }) },
      ),
    );
    await waitFor('the reconcile function to be ready', async () =>
      (await fetch(`${reconcileUrl}/healthz`)).status === 200 ? true : undefined,
    );
    const resync = () =>
      void ping(reconcileUrl)
        .then((status) => status === 200 || say(`resync ping answered ${status}`))
        .catch((err: unknown) => say(`resync ping failed: ${(err as Error).message}`));
    resync();
    const resyncTimer = setInterval(resync, RESYNC_PERIOD_MS);
    process.once('exit', () => clearInterval(resyncTimer));
    say(`up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.stdout.write(
      [
        '',
        `  kubeconfig:          ${kubeconfig}`,
        `                       export KUBECONFIG=${kubeconfig}`,
        `  kube-apiserver:      ${cp.server}`,
        `  admission function:  ${admissionUrl}  (/healthz, /readyz, /mutate-pod, …)`,
        `  certs function:      http://127.0.0.1:${certsPort}  (POST /sync)`,
        `  reconcile function:  ${reconcileUrl}  (POST /audit from the apiserver's audit webhook,`,
        `                       POST / CloudEvents; a resync ping every ${RESYNC_PERIOD_MS / 1000} s)`,
        `  feature gates:       ${FEATURE_GATES}`,
        `  logs:                ${runDir}/*.log`,
        '',
        '  Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
  } catch (err) {
    process.stderr.write(`[run] failed: ${(err as Error).message}\n(logs in ${runDir})\n`);
    await shutdown(1);
  }
}

// Child processes do not hold the event loop (processes.ts): stay up until a signal.
const keepAlive = setInterval(() => undefined, 1 << 30);
process.once('exit', () => clearInterval(keepAlive));
await main();
