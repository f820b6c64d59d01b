/**
 * The node puller as shipped (its esbuild bundle, its own process) against
 * the real parts: Debian's containerd through the CRI, Debian's
 * docker-registry with htpasswd auth, and the kube-apiserver holding the
 * NodeImage and the pull Secrets (test/support/node-services.ts); the
 * puller runs as the chart's ServiceAccount kruise-fn-node-puller
 * (chart-identity.ts), so it reads pull secrets only where the ImagePullJob
 * controller copies them, in kruise-daemon-config. A
 * NodeImage created as an API object names a private image and a pull
 * secret; the puller pulls it, the image is there by CRI ImageStatus and the
 * status says Succeeded with its imageID (and a PullImageSucceed event is on
 * the NodeImage); a wrong secret ends Failed with the registry's 401 as
 * containerd reports it (and a PullImageFailed event); `imagePullPolicy: Always` pulls
 * again only when the registry's digest moved; an image no secret names is
 * pulled with the credentials of a credential-provider exec plugin (a
 * kubelet CredentialProviderConfig, a plugin process); and no log line of the run
 * (puller, containerd, registries) carries a secret of the test.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImageTagStatus, NodeImage } from '../../shared/api/nodeimage.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { secrets } from '../../shared/kube/core-resources.js';
import { nodeImages } from '../../shared/kube/kruise-resources.js';
import { buildFunctions } from '../../infra/build.js';
import { installCrds } from '../../infra/manifests/install-crds.js';
import { criImageService, type CriImageService } from '../../functions/node-puller/cri/client.js';
import { events } from '../../shared/kube/events.js';
import { cachedCriProto } from '../../infra/node/cri-proto.js';
import { startBundleProcess, type BundleProcess } from '../support/bundle-process.js';
import { chartIdentity } from '../support/chart-identity.js';
import {
  ensureNamespace,
  sharedControlPlane,
  type ControlPlane,
} from '../support/control-plane.js';
import {
  pushTestImage,
  startNodeServices,
  type NodeServices,
  type PushedImage,
} from '../support/node-services.js';
import { until } from '../support/until.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function dockerConfigSecret(
  namespace: string,
  name: string,
  host: string,
  user: string,
  pw: string,
) {
  const config = JSON.stringify({ auths: { [host]: { auth: b64(`${user}:${pw}`) } } });
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(config) },
  };
}

/** A plugin answering with the registry credentials its config's env gives it. */
const pluginScript = (host: string) => `#!${process.execPath}
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const req = JSON.parse(input);
  process.stderr.write('test-plugin asked for ' + req.image + '\\n');
  process.stdout.write(JSON.stringify({
    kind: 'CredentialProviderResponse', apiVersion: req.apiVersion, cacheKeyType: 'Registry',
    auth: { ${JSON.stringify(host)}: { username: process.env.REG_USER, password: process.env.REG_PASSWORD } },
  }));
});
`;

const pluginConfig = (host: string, user: string, password: string) =>
  [
    'apiVersion: kubelet.config.k8s.io/v1',
    'kind: CredentialProviderConfig',
    'providers:',
    '- name: test-plugin',
    `  matchImages: [${JSON.stringify(`${host}/team/plugin`)}]`,
    '  defaultCacheDuration: 10m',
    '  apiVersion: credentialprovider.kubelet.k8s.io/v1',
    '  args: [get-credentials]',
    `  env: [{name: REG_USER, value: ${JSON.stringify(user)}}, {name: REG_PASSWORD, value: ${JSON.stringify(password)}}]`,
    '',
  ].join('\n');

describe('node puller through containerd, docker-registry and the kube-apiserver', () => {
  let cp: ControlPlane;
  let client: KubeClient;
  let services: NodeServices;
  let cri: CriImageService;
  let puller: BundleProcess;
  let image: PushedImage;
  /** Where the ImagePullJob controller copies the jobs' pull secrets, the only ones the puller may read. */
  const namespace = 'kruise-daemon-config';
  const goodName = `regcred-${randomBytes(3).toString('hex')}`;
  const badName = `wrongcred-${randomBytes(3).toString('hex')}`;
  let repo: string;
  const nodeName = `node-${randomBytes(3).toString('hex')}`;
  const wrongPassword = randomBytes(12).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-node-puller-'));
  /** Every string of this run that must never appear in a log. */
  const secretStrings: string[] = [];

  const tagStatus = async (key: string, tag: string): Promise<ImageTagStatus | undefined> => {
    const ni = await client.get(nodeImages, { name: nodeName });
    return ni.status?.imageStatuses?.[key]?.tags.find((t) => t.tag === tag);
  };
  const final = (key: string, tag: string, version: number) =>
    until(
      `${key}:${tag} version ${version} final`,
      async () => {
        const s = await tagStatus(key, tag);
        return s?.completionTime !== undefined && (s.version ?? 0) === version ? s : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, detail: () => puller.logs.slice(-30).join('\n') },
    );
  /** The Events on this node's NodeImage (cluster-scoped: in `default`). */
  const nodeImageEvents = async () =>
    (
      await client.list(events, {
        namespace: 'default',
        fieldSelector: `involvedObject.kind=NodeImage,involvedObject.name=${nodeName}`,
      })
    ).items;
  const pullsInContainerdLog = (ref: string) =>
    readFileSync(services.containerd.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('msg="PullImage') && l.includes(ref) && !l.includes('returns'))
      .length;

  before(async () => {
    cp = await sharedControlPlane();
    client = kubeClient(cp.kubeConfig);
    await installCrds(cp.kubeConfig);
    services = await startNodeServices();
    const { auth } = services.private;
    secretStrings.push(auth.password, wrongPassword, b64(`${auth.username}:${auth.password}`));
    image = await pushTestImage(services.private, 'team/app', 'v1');
    repo = `${services.private.host}/team/app`;
    await ensureNamespace(cp.kubeConfig, namespace);
    const good = dockerConfigSecret(
      namespace,
      goodName,
      services.private.host,
      auth.username,
      auth.password,
    );
    const bad = dockerConfigSecret(
      namespace,
      badName,
      services.private.host,
      auth.username,
      wrongPassword,
    );
    secretStrings.push(good.data['.dockerconfigjson'], bad.data['.dockerconfigjson']);
    await client.create(secrets, good);
    await client.create(secrets, bad);
    const [bundle] = await buildFunctions({ outdir: join(dir, 'dist'), only: ['node-puller'] });
    assert.ok(bundle !== undefined, 'no node-puller bundle');
    cri = criImageService(services.containerd.socket, cachedCriProto());
    const pluginDir = join(dir, 'plugins');
    mkdirSync(pluginDir);
    writeFileSync(join(pluginDir, 'test-plugin'), pluginScript(services.private.host));
    chmodSync(join(pluginDir, 'test-plugin'), 0o755);
    writeFileSync(
      join(dir, 'CredentialProviderPlugin.yaml'),
      pluginConfig(services.private.host, auth.username, auth.password),
    );
    puller = await startBundleProcess(bundle.outfile, {
      KUBECONFIG: (await chartIdentity(cp, 'node-puller')).kubeconfigPath,
      NODE_NAME: nodeName,
      CRI_SOCKET_FILE: services.containerd.socket,
      LOG_LEVEL: '5',
      NODE_OPTIONS: '--enable-source-maps',
      PLUGIN_CONFIG_FILE: join(dir, 'CredentialProviderPlugin.yaml'),
      PLUGIN_BIN_DIR: join(dir, 'plugins'),
    });
  });

  after(async () => {
    await puller?.stop();
    cri?.close();
    await client?.delete(nodeImages, { name: nodeName }).catch(() => undefined);
    for (const name of [goodName, badName])
      await client?.delete(secrets, { namespace, name }).catch(() => undefined);
    await services?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pulls a private image with its pull secret: present in containerd, Succeeded with the imageID', async () => {
    const nodeImage: NodeImage = {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'NodeImage',
      metadata: { name: nodeName },
      spec: {
        images: {
          [repo]: {
            pullSecrets: [{ namespace, name: goodName }],
            tags: [
              {
                tag: 'v1',
                createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
                pullPolicy: { timeoutSeconds: 60, backoffLimit: 1 },
              },
            ],
          },
        },
      },
    };
    assert.equal(await cri.imageStatus(image.ref), undefined);
    await client.create(nodeImages, nodeImage);
    const status = await final(repo, 'v1', 0);
    const present = await cri.imageStatus(image.ref);
    assert.ok(present !== undefined, 'the image is not in containerd');
    assert.ok(present.repoDigests.includes(`${repo}@${image.digest}`), present.repoDigests.join());
    assert.deepEqual(
      {
        phase: status.phase,
        progress: status.progress,
        imageID: status.imageID,
        message: status.message,
      },
      { phase: 'Succeeded', progress: 100, imageID: `${repo}@${present.id}`, message: undefined },
    );
    const ni = await client.get(nodeImages, { name: nodeName });
    assert.deepEqual(
      [ni.status?.desired, ni.status?.succeeded, ni.status?.failed, ni.status?.pulling],
      [1, 1, 0, 0],
    );
    const succeeded = await until(
      'a PullImageSucceed event',
      async () => (await nodeImageEvents()).find((e) => e.reason === 'PullImageSucceed'),
      { timeoutMs: 10_000, intervalMs: 250 },
    );
    assert.equal(succeeded.type, 'Normal');
    assert.match(
      succeeded.message ?? '',
      new RegExp(`^Image ${repo}:v1, ecalpsedTime [0-9.]+m?s$`),
    );
    assert.equal(succeeded.source?.component, 'kruise-daemon-imagepuller');
    assert.equal(succeeded.source?.host, nodeName);
  });

  it("fails with the registry's 401 as containerd reports it when the secret is wrong", async () => {
    const other = await pushTestImage(services.private, 'team/other', 'v1');
    const key = `${services.private.host}/team/other`;
    const ni = await client.get(nodeImages, { name: nodeName });
    const images = { ...ni.spec?.images };
    images[key] = {
      pullSecrets: [{ namespace, name: badName }],
      tags: [
        {
          tag: 'v1',
          createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          pullPolicy: { timeoutSeconds: 60, backoffLimit: 1 },
        },
      ],
    };
    await client.update(nodeImages, { ...ni, spec: { images } });
    const status = await final(key, 'v1', 0);
    assert.equal(status.phase, 'Failed');
    assert.equal(
      status.message,
      `rpc error: code = Unknown desc = failed to pull and unpack image "${other.ref}": failed to resolve reference "${other.ref}": ` +
        `pulling from host ${services.private.host} failed with status code [manifests v1]: 401 Unauthorized`,
    );
    assert.equal(await cri.imageStatus(other.ref), undefined);
    const failed = await until(
      'a PullImageFailed event',
      async () => (await nodeImageEvents()).find((e) => e.reason === 'PullImageFailed'),
      { timeoutMs: 10_000, intervalMs: 250 },
    );
    assert.deepEqual(
      [failed.type, failed.message],
      ['Warning', `Image ${other.ref} ${status.message}`],
    );
    const after = await client.get(nodeImages, { name: nodeName });
    assert.deepEqual(
      [after.status?.desired, after.status?.succeeded, after.status?.failed],
      [2, 1, 1],
    );
  });

  it('imagePullPolicy Always pulls again only when the registry digest moved', async () => {
    const bump = async (version: number) => {
      const ni = await client.get(nodeImages, { name: nodeName });
      const images = { ...ni.spec?.images };
      const spec = images[repo];
      assert.ok(spec !== undefined);
      images[repo] = {
        ...spec,
        tags: spec.tags.map((t) =>
          t.tag === 'v1' ? { ...t, version, imagePullPolicy: 'Always' as const } : t,
        ),
      };
      await client.update(nodeImages, { ...ni, spec: { images } });
      return final(repo, 'v1', version);
    };
    const pullsBefore = pullsInContainerdLog(image.ref);
    const same = await bump(1);
    assert.equal(same.phase, 'Succeeded');
    assert.equal(
      pullsInContainerdLog(image.ref),
      pullsBefore,
      'pulled although the digest is the same',
    );

    const moved = await pushTestImage(services.private, 'team/app', 'v1');
    assert.notEqual(moved.digest, image.digest);
    const again = await bump(2);
    const present = await cri.imageStatus(image.ref);
    assert.ok(
      present?.repoDigests.includes(`${repo}@${moved.digest}`),
      present?.repoDigests.join(),
    );
    assert.deepEqual([again.phase, again.imageID], ['Succeeded', `${repo}@${present?.id ?? ''}`]);
    assert.equal(pullsInContainerdLog(image.ref), pullsBefore + 1);
  });

  it('pulls an image no secret names with the credentials of a credential-provider plugin', async () => {
    const pushed = await pushTestImage(services.private, 'team/plugin', 'v1');
    const key = `${services.private.host}/team/plugin`;
    const ni = await client.get(nodeImages, { name: nodeName });
    const images = { ...ni.spec?.images };
    images[key] = {
      tags: [
        {
          tag: 'v1',
          createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          pullPolicy: { timeoutSeconds: 60, backoffLimit: 0 },
        },
      ],
    };
    await client.update(nodeImages, { ...ni, spec: { images } });
    const status = await final(key, 'v1', 0);
    assert.equal(status.phase, 'Succeeded', status.message);
    assert.ok((await cri.imageStatus(pushed.ref))?.repoDigests.includes(`${key}@${pushed.digest}`));
    assert.ok(
      puller.logs.some(
        (l) => l.includes('Registered credential provider plugin') && l.includes('test-plugin'),
      ),
    );
    assert.ok(
      puller.logs.some((l) => l.includes(`test-plugin asked for ${key}`)),
      'the plugin was not run',
    );
  });

  it('serves /healthz', async () => {
    const res = await fetch(`${puller.url}/healthz`);
    assert.deepEqual([res.status, await res.text()], [200, 'ok']);
  });

  it('writes no test secret into any log line of the run (puller, containerd, registries)', () => {
    const lines = [
      ...puller.logs,
      ...services.logFiles().flatMap((f) => readFileSync(f, 'utf8').split('\n')),
    ];
    assert.ok(lines.length > 50, `only ${lines.length} log lines`);
    assert.ok(
      puller.logs.some((l) => l.includes('Successfully pull image')),
      'the puller logged no pull',
    );
    const leaks = lines.filter((l) => secretStrings.some((s) => l.includes(s)));
    assert.deepEqual(leaks, []);
  });
});
