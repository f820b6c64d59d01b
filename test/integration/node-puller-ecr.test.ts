/**
 * ECR images end to end: the node puller (its bundle) pulls an image named
 * `123456789012.dkr.ecr.us-east-1.amazonaws.com/…` through Debian's
 * containerd, whose certs.d maps that ECR host to the local docker-registry
 * with htpasswd auth (user `AWS`, as ECR's tokens name it), with credentials
 * from a credential-provider plugin matched by `*.dkr.ecr.*.amazonaws.com`:
 * first our exec entry (`dist/credentials/main.js`), then, with a second
 * puller, the upstream ecr-credential-provider v1.34.4. Both get their
 * tokens from the local ECR endpoint (the only fake) through the real SDKs;
 * it answers 5xx, then throttling, then success, and, for one image, fails
 * every attempt: that pull ends Failed with the registry's 401 (no
 * credentials). No log line of the run carries a secret of the test.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { NodeImage } from '../../shared/api/nodeimage.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { nodeImages } from '../../shared/kube/kruise-resources.js';
import { buildFunctions } from '../../infra/build.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { findEcrCredentialProvider } from '../../infra/node/ecr-credential-provider.js';
import { criImageService, type CriImageService } from '../../functions/node-puller/cri/client.js';
import { cachedCriProto } from '../../infra/node/cri-proto.js';
import { startBundleProcess, type BundleProcess } from '../support/bundle-process.js';
import { chartIdentity } from '../support/chart-identity.js';
import { sharedControlPlane, type ControlPlane } from '../support/control-plane.js';
import { startFakeEcr, type FakeEcr } from '../../functions/credentials/fake-ecr.js';
import {
  pushTestImage,
  startContainerd,
  startRegistry,
  type Containerd,
  type Registry,
} from '../support/node-services.js';
import { until } from '../support/until.js';

const ECR_HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const PLUGIN = 'ecr-credential-provider';

const pluginConfig = [
  'apiVersion: kubelet.config.k8s.io/v1',
  'kind: CredentialProviderConfig',
  'providers:',
  `- name: ${PLUGIN}`,
  '  matchImages: ["*.dkr.ecr.*.amazonaws.com"]',
  '  defaultCacheDuration: 12h',
  '  apiVersion: credentialprovider.kubelet.k8s.io/v1',
  '  args: [get-credentials]',
  '',
].join('\n');

const createdAt = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

describe('node puller pulls ECR images with our exec entry, then the upstream plugin', () => {
  let cp: ControlPlane;
  let client: KubeClient;
  let registry: Registry;
  let containerd: Containerd;
  let cri: CriImageService;
  let ecr: FakeEcr;
  let pullerBundle: string;
  let execBundle: string;
  const pullers: BundleProcess[] = [];
  const nodes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-node-puller-ecr-'));
  const password = randomBytes(12).toString('hex');
  const secretKey = randomBytes(16).toString('hex');
  const secrets = [password, secretKey, Buffer.from(`AWS:${password}`).toString('base64')];

  /** A puller for a new node whose plugin bin dir holds `plugin` as ecr-credential-provider. */
  async function startPuller(plugin: string) {
    const node = `ecr-node-${randomBytes(3).toString('hex')}`;
    const bin = join(dir, node, 'plugins');
    mkdirSync(bin, { recursive: true });
    copyFileSync(plugin, join(bin, PLUGIN));
    writeFileSync(join(dir, node, 'CredentialProviderPlugin.yaml'), pluginConfig);
    const puller = await startBundleProcess(pullerBundle, {
      KUBECONFIG: (await chartIdentity(cp, 'node-puller')).kubeconfigPath,
      NODE_NAME: node,
      CRI_SOCKET_FILE: containerd.socket,
      LOG_LEVEL: '5',
      NODE_OPTIONS: '--enable-source-maps',
      PLUGIN_CONFIG_FILE: join(dir, node, 'CredentialProviderPlugin.yaml'),
      PLUGIN_BIN_DIR: bin,
      // The plugins' environment: the puller's (kubelet's way), the SDKs pointed at the fake.
      HOME: join(dir, node),
      AWS_ENDPOINT_URL_ECR: ecr.url,
      AWS_ACCESS_KEY_ID: 'AKIDNODEPULLERTEST',
      AWS_SECRET_ACCESS_KEY: secretKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    pullers.push(puller);
    nodes.push(node);
    return { node, puller };
  }

  /** Creates the node's NodeImage naming `repository:v1` and waits for a final status. */
  async function pull(node: string, puller: BundleProcess, repository: string) {
    const key = `${ECR_HOST}/${repository}`;
    const nodeImage: NodeImage = {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'NodeImage',
      metadata: { name: node },
      spec: {
        images: {
          [key]: {
            tags: [
              {
                tag: 'v1',
                createdAt: createdAt(),
                pullPolicy: { timeoutSeconds: 60, backoffLimit: 0 },
              },
            ],
          },
        },
      },
    };
    await client.create(nodeImages, nodeImage);
    const { status, counts } = await until(
      `${key}:v1 final on ${node}`,
      async () => {
        const ni = await client.get(nodeImages, { name: node });
        const s = ni.status?.imageStatuses?.[key]?.tags.find((t) => t.tag === 'v1');
        return s?.completionTime !== undefined
          ? {
              status: s,
              counts: [
                ni.status?.desired,
                ni.status?.succeeded,
                ni.status?.failed,
                ni.status?.pulling,
              ],
            }
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, detail: () => puller.logs.slice(-30).join('\n') },
    );
    // Nothing left pulling: the counts say the one tag is final, and the worker is gone.
    const succeeded = status.phase === 'Succeeded' ? 1 : 0;
    assert.deepEqual(counts, [1, succeeded, 1 - succeeded, 0]);
    await until('the worker ended', () =>
      puller.logs.some((l) =>
        l.includes(succeeded ? '"Successfully pull image"' : '"Worker failed to pull image"'),
      )
        ? true
        : undefined,
    );
    return status;
  }

  before(async () => {
    const upstream = findEcrCredentialProvider();
    cp = await sharedControlPlane();
    client = kubeClient(cp.kubeConfig);
    await installCrds(cp.kubeConfig);
    registry = await startRegistry({ username: 'AWS', password });
    containerd = await startContainerd([], { [ECR_HOST]: registry.host });
    cri = criImageService(containerd.socket, cachedCriProto());
    ecr = await startFakeEcr({ password });
    const built = await buildFunctions({
      outdir: join(dir, 'dist'),
      only: ['node-puller', 'credentials'],
    });
    const outfile = (fn: string, entry: string) => {
      const b = built.find((x) => x.fn === fn && x.entry === entry);
      assert.ok(b !== undefined, `no ${fn}/${entry} bundle`);
      return b.outfile;
    };
    pullerBundle = outfile('node-puller', 'main');
    execBundle = outfile('credentials', 'main');
    assert.ok(upstream !== '');
  });

  after(async () => {
    for (const p of pullers) await p.stop();
    cri?.close();
    for (const node of nodes)
      await client?.delete(nodeImages, { name: node }).catch(() => undefined);
    await containerd?.stop();
    await registry?.stop();
    await ecr?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ecrAnswersSince = (n: number) => ecr.calls.slice(n).map((c) => `${c.region} ${c.answer}`);

  it('our exec entry: ECR failing every attempt leaves the pull without credentials, Failed with the 401', async () => {
    const pushed = await pushTestImage(registry, 'team/denied', 'v1');
    assert.ok(pushed.digest.startsWith('sha256:'));
    const { node, puller } = await startPuller(execBundle);
    ecr.fail('ServerException', 'ThrottlingException', 'ServerException');
    const before = ecr.calls.length;
    const status = await pull(node, puller, 'team/denied');
    const ref = `${ECR_HOST}/team/denied:v1`;
    assert.deepEqual(
      [status.phase, status.message],
      [
        'Failed',
        // The puller's words for a pull without credentials, then containerd's.
        `Failed to pull image reference "${ref}": ` +
          `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ` +
          `pulling from host ${registry.host} failed with status code [manifests v1]: 401 Unauthorized`,
      ],
    );
    assert.deepEqual(ecrAnswersSince(before), [
      'us-east-1 ServerException',
      'us-east-1 ThrottlingException',
      'us-east-1 ServerException',
    ]);
    // klog writes the plugin's stderr and the error as multi-line values.
    const log = puller.logs.join('\n');
    assert.match(
      log,
      /"Failed getting credential from external registry credential provider" err=<\n\s*error execing credential provider plugin ecr-credential-provider for image [^\n]*team\/denied: exit status 1: /,
    );
    assert.match(log, /failed after 3 attempts: ServerException \(HTTP 500\): Internal error/);
    assert.equal(await cri.imageStatus(ref), undefined);
  });

  it('our exec entry: after a 5xx and a throttling answer, the ECR image is pulled and present', async () => {
    const pushed = await pushTestImage(registry, 'team/ours', 'v1');
    const { node, puller } = await startPuller(execBundle);
    ecr.fail('ServerException', 'ThrottlingException');
    const before = ecr.calls.length;
    const status = await pull(node, puller, 'team/ours');
    assert.equal(status.phase, 'Succeeded', status.message);
    const present = await cri.imageStatus(`${ECR_HOST}/team/ours:v1`);
    assert.ok(present?.repoDigests.includes(`${ECR_HOST}/team/ours@${pushed.digest}`));
    assert.equal(status.imageID, `${ECR_HOST}/team/ours@${present?.id ?? ''}`);
    assert.deepEqual(ecrAnswersSince(before), [
      'us-east-1 ServerException',
      'us-east-1 ThrottlingException',
      'us-east-1 ok',
    ]);
    assert.ok(
      puller.logs.some((l) => l.includes('Got ECR credentials')),
      'our entry did not run',
    );
  });

  it('the upstream ecr-credential-provider: the same path, pulled and present', async () => {
    const pushed = await pushTestImage(registry, 'team/upstream', 'v1');
    const { node, puller } = await startPuller(findEcrCredentialProvider());
    ecr.fail('ServerException', 'ThrottlingException');
    const before = ecr.calls.length;
    const status = await pull(node, puller, 'team/upstream');
    assert.equal(status.phase, 'Succeeded', status.message);
    const present = await cri.imageStatus(`${ECR_HOST}/team/upstream:v1`);
    assert.ok(present?.repoDigests.includes(`${ECR_HOST}/team/upstream@${pushed.digest}`));
    assert.deepEqual(ecrAnswersSince(before), [
      'us-east-1 ServerException',
      'us-east-1 ThrottlingException',
      'us-east-1 ok',
    ]);
    assert.ok(
      puller.logs.some((l) => l.includes('Getting creds for private image')),
      'the upstream plugin did not run',
    );
  });

  it('writes no test secret into any log line of the run (pullers, plugins, containerd, registry)', () => {
    const lines = [
      ...pullers.flatMap((p) => p.logs),
      ...[containerd.logFile, registry.logFile].flatMap((f) => readFileSync(f, 'utf8').split('\n')),
    ];
    assert.ok(lines.length > 50, `only ${lines.length} log lines`);
    assert.deepEqual(
      lines.filter((l) => secrets.some((s) => l.includes(s))),
      [],
    );
  });
});
