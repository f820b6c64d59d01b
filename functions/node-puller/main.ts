/**
 * The node puller's entry (a DaemonSet container; no Lambda entry): picks
 * the CRI socket, watches this node's NodeImage and pulls through the CRI,
 * carries out this node's ContainerRecreateRequests through the CRI
 * RuntimeService (crr/executor.ts), and serves `/healthz` (200 once the
 * NodeImage and the CRRs were listed and the runtime answered ImageFsInfo,
 * else 503 naming what is missing) on PORT (--healthz-port).
 * SIGTERM stops the workers and the server.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { Hono } from 'hono';
import { kubeClient } from '../../shared/kube/client.js';
import { serveApp } from '../../shared/http/serve.js';
import { createLogger } from '../../shared/log/index.js';
import { parsePullerConfig } from './config.js';
import { criImageService } from './cri/client.js';
import { criRuntimeService } from './cri/runtime-service.js';
import { writeEvent } from '../../shared/kube/events.js';
import { CRR_EVENT_COMPONENT, createCrrExecutor } from './crr/executor.js';
import { informNodeCrrs } from './crr/informer.js';
import { criProtoFile } from './cri/proto-file.js';
import { chooseCriSocket } from './cri-socket.js';
import { informOwnNodeImage } from './own-node-image.js';
import { createPuller } from './puller.js';
import { pluginCredentials, registerCredentialProviders } from './credential-provider/register.js';
import { registryDigest } from './registry-digest.js';
import { semaphore } from './semaphore.js';

/** OpenKruise's daemon event source for NodeImage pulls. */
const IMAGE_PULLER_EVENT_COMPONENT = 'kruise-daemon-imagepuller';

const log = createLogger();
const config = parsePullerConfig(process.argv.slice(2), process.env);
const choice = chooseCriSocket(config.varRunDir, config.socketFile, existsSync);
if (!choice.ok) {
  log.error({ err: new Error(choice.error) }, 'No CRI socket');
  process.exit(1);
}
log.info({ socket: choice.socket, from: choice.from }, 'Using CRI socket');
const protoFile = criProtoFile();
const cri = criImageService(choice.socket, protoFile);
const runtime = criRuntimeService(choice.socket, protoFile);
const kc = new KubeConfig();
kc.loadFromDefault();
const client = kubeClient(kc);
const providers = registerCredentialProviders({
  configFile: config.pluginConfigFile,
  binDir: config.pluginBinDir,
  log,
});
const puller = createPuller({
  client,
  log,
  workerDeps: {
    cri,
    digestOf: (req) => registryDigest(req),
    slots: semaphore(config.maxConcurrentPulls),
    now: Date.now,
    sleep: (ms, signal) => sleep(ms, undefined, { signal }),
    log,
    pluginCredentials: (repository) => pluginCredentials(providers, repository),
    recordEvent: (e) =>
      void writeEvent(
        client,
        { type: 'event', ...e },
        IMAGE_PULLER_EVENT_COMPONENT,
        new Date(),
        log,
        config.nodeName,
      ),
  },
});
const informer = informOwnNodeImage(kc, client, config.nodeName, (ni) => puller.observe(ni), log);
const crrExecutor = createCrrExecutor({
  client,
  cri: runtime,
  fetch,
  recordEvent: (event) =>
    writeEvent(client, event, CRR_EVENT_COMPONENT, new Date(), log, config.nodeName),
  now: Date.now,
  log,
});
const crrInformer = informNodeCrrs(kc, client, config.nodeName, crrExecutor, log);

let runtimeReady = false;
const probeRuntime = async () => {
  runtimeReady = await cri
    .imageFsInfo({ timeoutMs: 5_000 })
    .then(() => true)
    .catch((err: unknown) => {
      log.error(
        { err: err instanceof Error ? new Error(err.message) : err },
        'CRI runtime not ready',
      );
      return false;
    });
};
await probeRuntime();
setInterval(() => void probeRuntime(), 30_000).unref();

const app = new Hono();
app.get('/healthz', (c) => {
  const missing = [
    !informer.synced && 'nodeImageInformerSynced',
    !crrInformer.synced && 'crrInformerSynced',
    !runtimeReady && 'criRuntime',
  ].filter(Boolean);
  return missing.length === 0 ? c.text('ok') : c.text(`not ready: ${missing.join(', ')}`, 503);
});
const server = await serveApp({
  fetch: app.fetch,
  log,
  env: { PORT: String(config.healthzPort) },
  signals: ['SIGTERM', 'SIGINT'],
  onDrained: () => {
    informer.stop();
    crrInformer.stop();
    crrExecutor.stop();
    puller.stop();
    cri.close();
    runtime.close();
    process.exit(0);
  },
});
log.info(
  { node: config.nodeName, port: server.port, maxConcurrentPulls: config.maxConcurrentPulls },
  'Node puller started',
);
