/**
 * `kruise-fn explain --kubeconfig` against the real kube-apiserver: a
 * SidecarSet (the native sidecar sample, its selector and a namespaceSelector
 * made unique to the run) is created through the admission webhook, so it is
 * stored defaulted, as in a cluster. The command must read it and the pod's
 * Namespace, print the diff, and write nothing: the resourceVersions it could
 * touch stay the same, no pod or ConfigMap appears, and the apiserver never
 * calls the pod webhook (no pod CREATE reached it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { runCli } from '../../functions/admission/explain/cli.js';
import { sharedControlPlane, testNamespace, type ControlPlane } from '../support/control-plane.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

type Json = Record<string, unknown>;

const SIDECARSETS = { group: 'apps.kruise.io', version: 'v1alpha1', plural: 'sidecarsets' };
const RUN = randomBytes(3).toString('hex');
const NOW = new Date('2024-09-05T08:00:00.250Z');
const SAMPLE = 'events/explain/sidecarsets/sidecarset-native.yaml';

describe('kruise-fn explain --kubeconfig', () => {
  let cp: ControlPlane;
  let admission: RunningAdmission;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  let selected: string;
  let other: string;
  let podFile: string;
  const setName = `explain-native-${RUN}`;

  before(async () => {
    cp = await sharedControlPlane();
    admission = await startAdmission(cp);
    core = cp.kubeConfig.makeApiClient(CoreV1Api);
    custom = cp.kubeConfig.makeApiClient(CustomObjectsApi);
    selected = await testNamespace(cp.kubeConfig, 'explain', { explain: RUN });
    other = await testNamespace(cp.kubeConfig, 'explain-other');
    const sample = parse(readFileSync(SAMPLE, 'utf8')) as { spec: Json };
    const body = {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'SidecarSet',
      metadata: { name: setName },
      spec: {
        ...sample.spec,
        selector: { matchLabels: { app: `explain-${RUN}` } },
        namespaceSelector: { matchLabels: { explain: RUN } },
      },
    };
    await custom.createClusterCustomObject({ ...SIDECARSETS, body });
    const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-explain-'));
    podFile = join(dir, 'pod.yaml');
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sample', labels: { app: `explain-${RUN}` } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    };
    writeFileSync(podFile, stringify(pod));
  });
  after(async () => {
    await custom.deleteClusterCustomObject({ ...SIDECARSETS, name: setName });
    await admission.stop();
  });

  /** What the command could write: the SidecarSet, both Namespaces, their pods and ConfigMaps. */
  async function writable(): Promise<Json> {
    const set = (await custom.getClusterCustomObject({ ...SIDECARSETS, name: setName })) as {
      metadata: { resourceVersion: string };
    };
    const out: Json = { sidecarSet: set.metadata.resourceVersion };
    for (const ns of [selected, other]) {
      const namespace = await core.readNamespace({ name: ns });
      const pods = await core.listNamespacedPod({ namespace: ns });
      const configMaps = await core.listNamespacedConfigMap({ namespace: ns });
      out[ns] = {
        namespace: namespace.metadata?.resourceVersion,
        pods: pods.items.map((p) => p.metadata?.name),
        configMaps: configMaps.items.map((c) => [c.metadata?.name, c.metadata?.resourceVersion]),
      };
    }
    return out;
  }

  async function explain(namespace: string) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      ['explain', podFile, '--kubeconfig', cp.kubeconfigPath, '--namespace', namespace],
      { env: {}, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), now: () => NOW },
    );
    return { code, stdout, stderr };
  }

  it('prints the injection the cluster would make and writes nothing', async () => {
    const before = await writable();
    const podCalls = () => admission.requests.filter((p) => p === '/mutate-pod').length;
    const calls = podCalls();

    const result = await explain(selected);
    const hash = (key: string, h: string) =>
      `+    ${key}: '{"${setName}":{"updateTimestamp":"2024-09-05T08:00:00Z","hash":"${h}","sidecarSetName":"${setName}","sidecarList":["sidecar"]}}'`;
    const want = [
      `--- ${podFile}`,
      `+++ ${podFile} (admitted)`,
      '@@ -4,7 +4,29 @@',
      '   name: sample',
      '   labels:',
      `     app: explain-${RUN}`,
      '+  annotations:',
      // The hashes over the stored (defaulted) containers, as for the same containers from a file.
      hash(
        'kruise.io/sidecarset-hash',
        '5x5w8548dbbb6fwbf4d58v65w48vfx4c5vc6d7ccc4x4fv97c689c444z2z4f699',
      ),
      hash(
        'kruise.io/sidecarset-hash-without-image',
        'v59vv9cxbfz589dzw46f25z74bwwv5wv4x8v4ww4vcvb864c58cxv4c87bc74d94',
      ),
      `+    kruise.io/sidecarset-injected-list: ${setName}`,
      ' spec:',
      '   containers:',
      '     - name: app',
      '       image: nginx:1.27',
      '+  initContainers:',
      '+    - name: sidecar',
      '+      image: nginx:alpine',
      '+      env:',
      '+        - name: IS_INJECTED',
      '+          value: "true"',
      '+      resources: {}',
      '+      restartPolicy: Always',
      '+      lifecycle:',
      '+        postStart:',
      '+          exec:',
      '+            command:',
      '+              - /bin/sh',
      '+              - -c',
      '+              - sleep 10',
      '+      terminationMessagePath: /dev/termination-log',
      '+      terminationMessagePolicy: File',
      '+      imagePullPolicy: IfNotPresent',
      '',
    ].join('\n');
    assert.deepStrictEqual(result, { code: 1, stdout: want, stderr: '' });

    assert.deepStrictEqual(await explain(other), {
      code: 0,
      stdout: 'no change: admission leaves the pod as it is\n',
      stderr: '',
    });
    assert.deepStrictEqual(await writable(), before);
    assert.equal(podCalls(), calls, 'the apiserver called the pod webhook: a pod was created');
  });

  it('runs as the package bin with exit status 1 for a change and 2 for a missing file', () => {
    const bin = 'functions/admission/explain/kruise-fn.js';
    const args = ['explain', podFile, '--kubeconfig', cp.kubeconfigPath, '-n', selected];
    const changed = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    assert.deepStrictEqual(
      { status: changed.status, head: changed.stdout.split('\n')[0], stderr: changed.stderr },
      { status: 1, head: `--- ${podFile}`, stderr: '' },
    );
    const missing = spawnSync(
      process.execPath,
      [bin, 'explain', 'no-such.yaml', '--kubeconfig', cp.kubeconfigPath],
      {
        encoding: 'utf8',
      },
    );
    assert.deepStrictEqual(
      { status: missing.status, stdout: missing.stdout, stderr: missing.stderr },
      { status: 2, stdout: '', stderr: 'kruise-fn: no-such.yaml: no such file or directory\n' },
    );
  });
});
