/**
 * Records the sample audit batches of this folder from a real kube-apiserver
 * (`npx tsx events/audit/capture.ts`): starts the local control plane with
 * kruise-fn's audit policy and an audit webhook naming a receiver here, makes
 * the writes the controllers care about (and some they do not), and saves
 * each EventList the apiserver sends, as it sent it, one file per step.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startControlPlane } from '../../infra/dev/start-control-plane.js';
import { auditWebhookKubeconfig } from '../../infra/audit/webhook-config.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { kubeClient } from '../../shared/kube/client.js';
import { configMaps, namespaces, nodes, pods } from '../../shared/kube/core-resources.js';
import { sidecarSets } from '../../shared/kube/kruise-resources.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const received: unknown[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    received.push(JSON.parse(body));
    res.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/audit`;
const webhookFile = join(here, '.capture-webhook.yaml');
writeFileSync(webhookFile, auditWebhookKubeconfig(url));
const cp = await startControlPlane({
  auditPolicyFile: fileURLToPath(new URL('../../infra/audit/policy.yaml', import.meta.url)),
  auditWebhookConfigFile: webhookFile,
});
const client = kubeClient(cp.kubeConfig);

/** Runs a step and saves every batch the apiserver sent for it. */
async function step(name: string, run: () => Promise<unknown>): Promise<void> {
  await sleep(1500);
  received.length = 0;
  await run();
  await sleep(2500);
  const items = received.flatMap((b) => (b as { items: unknown[] }).items);
  writeFileSync(
    join(here, `${name}.json`),
    `${JSON.stringify({ ...(received[0] as object), items }, null, 2)}\n`,
  );
  process.stdout.write(`${name}: ${items.length} events\n`);
}

try {
  await installCrds(cp.kubeConfig);
  await client.create(namespaces, { metadata: { name: 'web' } });
  await step('pod-create-and-status', async () => {
    const pod = await client.create(pods, {
      metadata: { name: 'web-0', namespace: 'web', labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
    });
    await client.updateStatus(pods, { ...pod, status: { phase: 'Running' } });
    await client.create(pods, {
      metadata: { generateName: 'web-', namespace: 'web', labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
    });
  });
  await step('sidecarset-and-barrier', async () => {
    await client.create(sidecarSets, {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      metadata: { name: 'log-agent' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        containers: [{ name: 'log', image: 'busybox' }],
      },
    });
    await client.create(configMaps, { metadata: { name: 'web-0-barrier', namespace: 'web' } });
    await client.patch(
      configMaps,
      { namespace: 'web', name: 'web-0-barrier' },
      { type: 'strategic', body: { data: { p_0: 'true' } } },
    );
  });
  await step('node-and-deletes', async () => {
    await client.create(nodes, {
      metadata: { name: 'node-1', labels: { type: 'virtual-kubelet' } },
    });
    await client.delete(pods, { namespace: 'web', name: 'web-0' });
    await client.delete(sidecarSets, { name: 'log-agent' });
  });
} finally {
  await cp.stop();
  receiver.close();
}
