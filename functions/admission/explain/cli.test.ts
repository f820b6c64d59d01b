import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cli.js';

const EVENTS = 'events/explain';
const NOW = new Date('2024-09-05T08:00:00.250Z');

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    now: () => NOW,
  });
  return { code, stdout, stderr };
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** `kruise.io/sidecarset-hash` and `-without-image` of one SidecarSet, as the webhook writes them. */
const hashes = (set: string, sidecar: string, hash: string, withoutImage: string): string[] =>
  [
    ['kruise.io/sidecarset-hash', hash],
    ['kruise.io/sidecarset-hash-without-image', withoutImage],
  ].map(
    ([key, h]) =>
      `+    ${key}: '{"${set}":{"updateTimestamp":"2024-09-05T08:00:00Z","hash":"${h}","sidecarSetName":"${set}","sidecarList":["${sidecar}"]}}'`,
  );

const NATIVE_SIDECAR_DIFF = lines(
  `--- ${EVENTS}/pod-sample.yaml`,
  `+++ ${EVENTS}/pod-sample.yaml (admitted)`,
  '@@ -4,7 +4,29 @@',
  '   name: sample',
  '   labels:',
  '     app: sample',
  '+  annotations:',
  ...hashes(
    'test-sidecarset',
    'sidecar',
    '5x5w8548dbbb6fwbf4d58v65w48vfx4c5vc6d7ccc4x4fv97c689c444z2z4f699',
    'v59vv9cxbfz589dzw46f25z74bwwv5wv4x8v4ww4vcvb864c58cxv4c87bc74d94',
  ),
  '+    kruise.io/sidecarset-injected-list: test-sidecarset',
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
);

const barrier = (key: string) => [
  '+      env:',
  '+        - name: KRUISE_CONTAINER_BARRIER',
  '+          valueFrom:',
  '+            configMapKeyRef:',
  '+              name: ordered-barrier',
  `+              key: ${key}`,
];

const ORDERED_DIFF = lines(
  `--- ${EVENTS}/pod-ordered.yaml`,
  `+++ ${EVENTS}/pod-ordered.yaml (admitted)`,
  '@@ -10,5 +10,17 @@',
  '   containers:',
  '     - name: first',
  '       image: busybox:1.36',
  ...barrier('p_0'),
  '     - name: second',
  '       image: busybox:1.36',
  ...barrier('p_-1'),
);

const WEB_DIFF = lines(
  `--- ${EVENTS}/pod-web.yaml`,
  `+++ ${EVENTS}/pod-web.yaml (admitted)`,
  '@@ -4,7 +4,20 @@',
  '   name: web',
  '   labels:',
  '     app: web',
  '+  annotations:',
  ...hashes(
    'payments-log',
    'log',
    '5xcbfxxvbxd45zw947w4286bwz2c27b4vzb56fv8z9x9fw6zvc247xc6f98xv595',
    '4424wfff8b57d47vb7684zc4bb5478vxwwdcz7dd2xdwbf4d4446424d4w29cwd5',
  ),
  '+    kruise.io/sidecarset-injected-list: payments-log',
  ' spec:',
  '   containers:',
  '+    - name: log',
  '+      image: fluent-bit:3.0',
  '+      env:',
  '+        - name: IS_INJECTED',
  '+          value: "true"',
  '+      resources: {}',
  '+      terminationMessagePath: /dev/termination-log',
  '+      terminationMessagePolicy: File',
  '+      imagePullPolicy: IfNotPresent',
  '     - name: web',
  '       image: nginx:1.27',
);

const UNCHANGED = 'no change: admission leaves the pod as it is\n';
const SETS = ['--sidecarsets', `${EVENTS}/sidecarsets`];
const NAMESPACED = ['--sidecarsets', `${EVENTS}/namespaced`];

describe('kruise-fn explain', () => {
  const cases: { name: string; args: string[]; code: number; stdout: string }[] = [
    {
      name: 'injects the native sidecar of sidecarset-native.yaml as a restartable init container',
      args: [`${EVENTS}/pod-sample.yaml`, ...SETS],
      code: 1,
      stdout: NATIVE_SIDECAR_DIFF,
    },
    {
      name: 'says "no change" (exit 0) for a pod no SidecarSet selects',
      args: [`${EVENTS}/pod-other.yaml`, ...SETS],
      code: 0,
      stdout: UNCHANGED,
    },
    {
      name: 'gives every container the barrier env of launch priority Ordered',
      args: [`${EVENTS}/pod-ordered.yaml`, ...SETS],
      code: 1,
      stdout: ORDERED_DIFF,
    },
    {
      name: 'matches a namespaceSelector against a Namespace document of the folder',
      args: [`${EVENTS}/pod-web.yaml`, ...NAMESPACED, '--namespace', 'shop'],
      code: 1,
      stdout: WEB_DIFF,
    },
    {
      name: 'does not inject where the namespace lacks the selected labels',
      args: [`${EVENTS}/pod-web.yaml`, ...NAMESPACED, '--namespace', 'other'],
      code: 0,
      stdout: UNCHANGED,
    },
    {
      name: 'takes the namespace labels from --namespace-labels',
      args: [
        `${EVENTS}/pod-web.yaml`,
        ...NAMESPACED,
        '-n',
        'other',
        '--namespace-labels',
        'team=payments',
      ],
      code: 1,
      stdout: WEB_DIFF,
    },
    {
      name: 'leaves pods of kube-system alone (the webhook namespaceSelector)',
      args: [`${EVENTS}/pod-web.yaml`, ...NAMESPACED, '-n', 'kube-system'],
      code: 0,
      stdout: 'no change: the pod webhook is not called for namespace kube-system\n',
    },
    {
      name: 'reads the PodWebhook gate from --feature-gates',
      args: [`${EVENTS}/pod-sample.yaml`, ...SETS, '--feature-gates', 'PodWebhook=false'],
      code: 0,
      stdout: 'no change: the pod webhook is off (feature gate PodWebhook=false)\n',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepStrictEqual(await run('explain', ...c.args), {
        code: c.code,
        stdout: c.stdout,
        stderr: '',
      });
    });
  }
});

describe('kruise-fn explain input errors (exit 2, one line, no stack)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-explain-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const badYaml = file('bad.yaml', 'a: [\n');
  const deployment = file('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\n');
  const two = file('two.yaml', 'apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\n');
  const badSets = join(dir, 'sets');
  const setsDir = mkdtempSync(join(tmpdir(), 'kruise-fn-explain-sets-'));
  writeFileSync(
    join(setsDir, 'set.yaml'),
    'apiVersion: apps.kruise.io/v1alpha1\nkind: SidecarSet\nmetadata:\n  name: x\nspec:\n  containers: 3\n',
  );
  const cases: { name: string; args: string[]; stderr: string }[] = [
    {
      name: 'a missing pod file',
      args: ['explain', join(dir, 'missing.yaml'), ...SETS],
      stderr: `kruise-fn: ${join(dir, 'missing.yaml')}: no such file or directory\n`,
    },
    {
      name: 'a pod file that is not YAML',
      args: ['explain', badYaml, ...SETS],
      stderr: `kruise-fn: ${badYaml}: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:\n`,
    },
    {
      name: 'a document that is not a Pod',
      args: ['explain', deployment, ...SETS],
      stderr: `kruise-fn: ${deployment}: expected apiVersion v1, kind Pod, got apps/v1, Deployment\n`,
    },
    {
      name: 'two pods in one file',
      args: ['explain', two, ...SETS],
      stderr: `kruise-fn: ${two}: expected one Pod document, found 2\n`,
    },
    {
      name: 'a missing SidecarSet folder',
      args: ['explain', `${EVENTS}/pod-sample.yaml`, '--sidecarsets', badSets],
      stderr: `kruise-fn: ${badSets}: no such file or directory\n`,
    },
    {
      name: 'a SidecarSet the CRD schema refuses',
      args: ['explain', `${EVENTS}/pod-sample.yaml`, '--sidecarsets', setsDir],
      stderr: `kruise-fn: ${join(setsDir, 'set.yaml')}: spec.containers: must be array, got integer 3\n`,
    },
    {
      name: 'a missing kubeconfig',
      args: ['explain', `${EVENTS}/pod-sample.yaml`, '--kubeconfig', join(dir, 'kc')],
      stderr: `kruise-fn: ${join(dir, 'kc')}: no such file or directory\n`,
    },
    {
      name: 'an unknown feature gate',
      args: ['explain', `${EVENTS}/pod-sample.yaml`, ...SETS, '--feature-gates', 'Foo=true'],
      stderr:
        'kruise-fn: invalid argument "Foo=true" for "--feature-gates" flag: unrecognized feature gate: Foo\n',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepStrictEqual(await run(...c.args), { code: 2, stdout: '', stderr: c.stderr });
    });
  }

  it('adds the usage to a mistake in the arguments', async () => {
    const { code, stdout, stderr } = await run('explain', `${EVENTS}/pod-sample.yaml`);
    assert.deepStrictEqual({ code, stdout }, { code: 2, stdout: '' });
    assert.match(
      stderr,
      /^kruise-fn: give exactly one of --sidecarsets DIR and --kubeconfig FILE\n\nusage: kruise-fn explain /,
    );
  });
});
