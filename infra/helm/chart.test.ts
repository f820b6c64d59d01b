/**
 * The chart as helm renders it (the pinned helm of `make helm`): it lints;
 * it takes the seed's install lines unchanged; featureGates change the
 * webhooks as OpenKruise's chart does (and as the admission function's own
 * descriptors say); external certs put the annotations on both webhook
 * configurations and the StatefulSet CRD and leave no caBundle or Secret of
 * ours; the Knative objects use only fields Knative has; lambda renders
 * webhooks by Function URL and RBAC for groups. The generated files are
 * what the code renders today.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { auditWebhookKubeconfig } from '../audit/webhook-config.js';
import { parseFeatureGates } from '../../shared/feature-gates.js';
import { parseLogFormat } from '../../shared/log/config.js';
import {
  mutatingWebhookConfiguration,
  validatingWebhookConfiguration,
} from '../webhooks/configurations.js';
import { CHART_PATH, findObject, lintChart, renderChart, type RenderedObject } from './helm.js';
import { isKnativeKind, knativeProblems } from './knative-schema.js';
import { renderChartFiles } from './render-chart-files.js';
import { seedFlags, seedInstallLines } from './seed-install-lines.js';

const LAMBDA = [
  '--set',
  'platform=lambda',
  '--set',
  'lambda.functionUrls.admission=https://abc.lambda-url.eu-west-1.on.aws/',
];
const INJECT = { 'cert-manager.io/inject-ca-from': 'kruise-system/kruise-webhook-certs' };

/** `--set` splits at commas; a gate list goes in as one JSON string. */
const gatesFlag = (gates: string) => ['--set-json', `featureGates=${JSON.stringify(gates)}`];

const [credentialLine, externalLine, jsonLine] = seedInstallLines();

const webhooksOf = (objects: readonly RenderedObject[], kind: string) =>
  (objects.find((o) => o.kind === kind)?.['webhooks'] ?? []) as {
    name: string;
    clientConfig: Record<string, unknown>;
  }[];

const namesOf = (objects: readonly RenderedObject[]) => [
  ...webhooksOf(objects, 'MutatingWebhookConfiguration').map((w) => w.name),
  ...webhooksOf(objects, 'ValidatingWebhookConfiguration').map((w) => w.name),
];

const containersOf = (o: RenderedObject) =>
  (
    o as unknown as {
      spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } };
    }
  ).spec.template.spec.containers;

describe('chart files', () => {
  it('are what infra/crds and the code render (run `make manifests` after a change)', () => {
    const files = renderChartFiles();
    for (const f of files) {
      assert.equal(readFileSync(join(CHART_PATH, f.path), 'utf8'), f.text, f.path);
    }
    const crds = readdirSync(join(CHART_PATH, 'templates/crds')).map((n) => `templates/crds/${n}`);
    assert.deepEqual(
      crds.sort(),
      files
        .map((f) => f.path)
        .filter((p) => p.startsWith('templates/crds/'))
        .sort(),
    );
  });
});

describe('helm lint', () => {
  const cases: [string, string[]][] = [
    ['the defaults', []],
    ...seedInstallLines().map((l): [string, string[]] => [l.split('\n')[0] ?? l, seedFlags(l)]),
    ['platform lambda', LAMBDA],
  ];
  for (const [name, flags] of cases) {
    it(`passes --strict with ${name}`, async () => {
      const { stdout } = await lintChart(flags);
      assert.match(stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    });
  }
});

describe('the seed install lines', () => {
  it('are three, as the seed has them', () => {
    assert.equal(seedInstallLines().length, 3);
  });

  it('createNamespace=false renders no installation namespace, still kruise-daemon-config', async () => {
    const objects = await renderChart(seedFlags(credentialLine ?? ''));
    const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    assert.deepEqual(namespaces, ['kruise-daemon-config']);
    assert.ok(objects.some((o) => o.metadata.namespace === 'kruise-system'));
  });

  it('manager.loggingFormat=json gives every function LOGGING_FORMAT=json, which shared/log takes', async () => {
    const objects = await renderChart(seedFlags(jsonLine ?? ''));
    const services = objects.filter((o) => o.kind === 'Service' && isKnativeKind(o));
    assert.equal(services.length, 4);
    for (const s of services) {
      for (const c of containersOf(s)) {
        const value = c.env.find((e) => e.name === 'LOGGING_FORMAT')?.value;
        assert.equal(value, 'json', s.metadata.name);
        assert.equal(parseLogFormat(value), 'json');
      }
    }
    const text = await renderChart();
    for (const s of text.filter((o) => o.kind === 'Service' && isKnativeKind(o))) {
      const value = containersOf(s)[0]?.env.find((e) => e.name === 'LOGGING_FORMAT')?.value;
      assert.equal(parseLogFormat(value), 'text');
    }
  });

  it('refuses a logging format the functions would refuse', async () => {
    await assert.rejects(
      renderChart(['--set', 'manager.loggingFormat=yaml']),
      /manager.loggingFormat: "yaml" is not one of text, json/,
    );
  });
});

describe('featureGates and the webhooks', () => {
  const cases = [
    'ImagePullJobGate=true',
    'PodWebhook=false',
    'PodWebhook=false,SidecarTerminator=true',
    'KruiseDaemon=false',
    'AllAlpha=true',
    'EnableExternalCerts=true,StatefulSetStartOrdinal=true',
    // Spellings OpenKruise's string match misses and the functions read as off.
    'PodWebhook=False',
    ' PodWebhook = 0 ',
    'AllBeta=false',
    'AllBeta=false,PodWebhook=true',
    'PodWebhook=false,PodWebhook=true',
  ];
  for (const gates of cases) {
    it(`${gates}: the webhooks the admission function registers under the same gates`, async () => {
      const objects = await renderChart(gatesFlag(gates));
      const opts = {
        target: { service: { namespace: 'kruise-system', name: 'kruise-webhook-service' } },
        gates: parseFeatureGates(gates),
      };
      const strip = (o: { webhooks?: unknown[] }) => o.webhooks ?? [];
      assert.deepEqual(
        webhooksOf(objects, 'MutatingWebhookConfiguration'),
        strip(mutatingWebhookConfiguration(opts)),
      );
      assert.deepEqual(
        webhooksOf(objects, 'ValidatingWebhookConfiguration'),
        strip(validatingWebhookConfiguration(opts)),
      );
    });
  }

  it('PodWebhook=false drops the pod webhook and nothing else, as OpenKruise chart 1.7.3 does', async () => {
    const on = namesOf(await renderChart());
    const off = namesOf(await renderChart(gatesFlag('ImagePullJobGate=true,PodWebhook=false')));
    assert.ok(on.includes('mpod.kb.io'));
    assert.deepEqual(
      off,
      on.filter((n) => n !== 'mpod.kb.io'),
    );
  });

  for (const gates of ['NoSuchGate=true', 'PodWebhook', 'PodWebhook=maybe', 'PodWebhook="x"']) {
    it(`${gates}: refused with the message the functions would exit with`, async () => {
      let message = '';
      try {
        parseFeatureGates(gates);
      } catch (err) {
        message = (err as Error).message;
      }
      assert.notEqual(message, '');
      await assert.rejects(renderChart(gatesFlag(gates)), (err: Error) =>
        err.message.includes(`featureGates: ${message}`),
      );
    });
  }

  it('EnableExternalCerts as the certs function reads it: True, AllAlpha=true', async () => {
    for (const gates of ['EnableExternalCerts=True', 'AllAlpha=true', 'EnableExternalCerts=1']) {
      const objects = await renderChart(gatesFlag(gates));
      assert.equal(findObject(objects, 'Secret', 'kruise-webhook-certs'), undefined, gates);
    }
    const objects = await renderChart(gatesFlag('AllAlpha=true,EnableExternalCerts=false'));
    assert.notEqual(findObject(objects, 'Secret', 'kruise-webhook-certs'), undefined);
  });

  it('webhookConfiguration.timeoutSeconds sets every webhook timeout', async () => {
    const objects = await renderChart(['--set', 'webhookConfiguration.timeoutSeconds=10']);
    const hooks = [
      ...webhooksOf(objects, 'MutatingWebhookConfiguration'),
      ...webhooksOf(objects, 'ValidatingWebhookConfiguration'),
    ] as unknown as { timeoutSeconds: number }[];
    assert.ok(hooks.length > 0);
    assert.ok(hooks.every((h) => h.timeoutSeconds === 10));
  });
});

describe('EnableExternalCerts (the seed line)', () => {
  it('puts the annotations on both webhook configurations and the StatefulSet CRD only', async () => {
    const objects = await renderChart(seedFlags(externalLine ?? ''));
    const annotated = objects
      .filter((o) => o.metadata.annotations?.['cert-manager.io/inject-ca-from'] !== undefined)
      .map((o) => `${o.kind}/${o.metadata.name}`);
    assert.deepEqual(annotated.sort(), [
      'CustomResourceDefinition/statefulsets.apps.kruise.io',
      'MutatingWebhookConfiguration/kruise-mutating-webhook-configuration',
      'ValidatingWebhookConfiguration/kruise-validating-webhook-configuration',
    ]);
    for (const name of annotated) {
      const [kind = '', objectName = ''] = name.split('/');
      assert.deepEqual(findObject(objects, kind, objectName)?.metadata.annotations, INJECT);
    }
  });

  it('renders no Secret and no caBundle, and the certs function may only read', async () => {
    const objects = await renderChart(seedFlags(externalLine ?? ''));
    assert.equal(objects.filter((o) => o.kind === 'Secret').length, 0);
    assert.doesNotMatch(JSON.stringify(objects), /caBundle/);
    const role = findObject(objects, 'ClusterRole', 'kruise-fn-certs') as unknown as {
      rules: { verbs: string[] }[];
    };
    assert.deepEqual([...new Set(role.rules.flatMap((r) => r.verbs))].sort(), ['get', 'list']);
    const secretRole = findObject(objects, 'Role', 'kruise-fn-certs') as unknown as {
      rules: { verbs: string[] }[];
    };
    assert.deepEqual(
      secretRole.rules.flatMap((r) => r.verbs),
      ['get'],
    );
  });

  it('without it the chart ships the empty Secret the certs function fills', async () => {
    const objects = await renderChart();
    const secret = findObject(objects, 'Secret', 'kruise-webhook-certs');
    assert.equal(secret?.metadata.namespace, 'kruise-system');
    assert.equal(secret?.['data'], undefined);
    assert.equal(
      objects.filter((o) => o.metadata.annotations !== undefined && o.kind !== 'Namespace').length,
      0,
    );
  });
});

describe('platform knative', () => {
  it('renders Knative objects with only the fields Knative has', async () => {
    for (const flags of [[], ...seedInstallLines().map(seedFlags)]) {
      const objects = (await renderChart(flags)).filter(isKnativeKind);
      assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort(), [
        'ApiServerSource/kruise-fn-reconcile',
        'PingSource/kruise-fn-certs',
        'PingSource/kruise-fn-resync',
        'Service/kruise-fn-admission',
        'Service/kruise-fn-certs',
        'Service/kruise-fn-credentials',
        'Service/kruise-fn-reconcile',
      ]);
      for (const o of objects)
        assert.deepEqual(knativeProblems(o), [], `${o.kind}/${o.metadata.name}`);
    }
  });

  it('the schema is closed: a field Knative lacks is a problem', async () => {
    const service = findObject(await renderChart(), 'Service', 'kruise-fn-admission');
    const broken = JSON.parse(JSON.stringify(service)) as {
      spec: { template: { spec: Record<string, unknown> } };
    };
    broken.spec.template.spec['hostNetwork'] = true;
    assert.notDeepEqual(knativeProblems(broken as unknown as RenderedObject), []);
  });

  it('feeds the reconcile function the kinds its controllers watch, in every namespace', async () => {
    const source = findObject(
      await renderChart(),
      'ApiServerSource',
      'kruise-fn-reconcile',
    ) as unknown as {
      spec: { namespaceSelector: unknown; mode: string; resources: unknown[]; sink: unknown };
    };
    assert.deepEqual(source.spec.namespaceSelector, {});
    assert.equal(source.spec.mode, 'Reference');
    assert.deepEqual(source.spec.resources, [
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { apiVersion: 'v1', kind: 'Node' },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
      { apiVersion: 'v1', kind: 'Pod' },
      { apiVersion: 'v1', kind: 'Secret' },
      { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'ContainerRecreateRequest' },
      { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'ImagePullJob' },
      { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'NodeImage' },
      { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'SidecarSet' },
      { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet' },
    ]);
    assert.deepEqual(source.spec.sink, {
      ref: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        name: 'kruise-fn-reconcile',
        namespace: 'kruise-system',
      },
    });
  });

  it('keeps admission warm (min-scale 1) and lets reconcile, certs and credentials scale to zero', async () => {
    const objects = (await renderChart()).filter((o) => o.kind === 'Service' && isKnativeKind(o));
    const minScale = Object.fromEntries(
      objects.map((o) => [
        o.metadata.name,
        (
          o as unknown as {
            spec: { template: { metadata: { annotations: Record<string, string> } } };
          }
        ).spec.template.metadata.annotations['autoscaling.knative.dev/min-scale'],
      ]),
    );
    assert.deepEqual(minScale, {
      'kruise-fn-admission': '1',
      'kruise-fn-certs': '0',
      'kruise-fn-credentials': '0',
      'kruise-fn-reconcile': '0',
    });
  });

  it('runs the credentials function as its own ServiceAccount, bound to no role (it calls no Kubernetes API)', async () => {
    const objects = await renderChart();
    const service = findObject(objects, 'Service', 'kruise-fn-credentials') as unknown as {
      spec: { template: { spec: { serviceAccountName: string } } };
    };
    assert.equal(service.spec.template.spec.serviceAccountName, 'kruise-fn-credentials');
    assert.notEqual(findObject(objects, 'ServiceAccount', 'kruise-fn-credentials'), undefined);
    const bindings = objects
      .filter((o) => o.kind.endsWith('Binding'))
      .filter((o) =>
        (o as unknown as { subjects: { name: string }[] }).subjects.some(
          (s) => s.name === 'kruise-fn-credentials',
        ),
      );
    assert.deepEqual(bindings, []);
  });
});

interface PodTemplate {
  spec: {
    template: {
      spec: {
        serviceAccountName: string;
        hostNetwork: boolean;
        tolerations: unknown[];
        containers: {
          image: string;
          args: string[];
          env: { name: string; value?: string; valueFrom?: unknown }[];
          volumeMounts: { name: string; mountPath: string; readOnly: boolean }[];
          livenessProbe: { httpGet: { path: string; port: number } };
        }[];
        volumes: { name: string; hostPath?: { path: string }; configMap?: { name: string } }[];
      };
    };
  };
}

const daemonSetOf = (objects: readonly RenderedObject[]) =>
  findObject(objects, 'DaemonSet', 'kruise-fn-node-puller') as unknown as PodTemplate | undefined;

const rulesOf = (objects: readonly RenderedObject[], kind: string, name: string) =>
  (findObject(objects, kind, name) as unknown as { rules: unknown[] } | undefined)?.rules;

describe('the node puller DaemonSet', () => {
  it("renders kruise-daemon's pod: host network, every taint, NODE_NAME, the host's /var/run at /hostvarrun, /healthz on daemon.port", async () => {
    const ds = daemonSetOf(await renderChart());
    assert.ok(ds !== undefined);
    const pod = ds.spec.template.spec;
    assert.equal(pod.serviceAccountName, 'kruise-fn-node-puller');
    assert.equal(pod.hostNetwork, true);
    assert.deepEqual(pod.tolerations, [{ operator: 'Exists' }]);
    const [c] = pod.containers;
    assert.ok(c !== undefined);
    assert.equal(c.image, 'kruise-fn/node-puller:0.1.0');
    assert.deepEqual(c.args, ['--healthz-port=10221', '--var-run-dir=/hostvarrun']);
    assert.deepEqual(
      c.env.find((e) => e.name === 'NODE_NAME'),
      {
        name: 'NODE_NAME',
        valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
      },
    );
    assert.equal(c.env.find((e) => e.name === 'LOG_LEVEL')?.value, '4');
    assert.deepEqual(c.volumeMounts, [
      { name: 'runtime-socket', mountPath: '/hostvarrun', readOnly: true },
    ]);
    assert.deepEqual(pod.volumes, [
      { name: 'runtime-socket', hostPath: { path: '/var/run', type: '' } },
    ]);
    assert.deepEqual(c.livenessProbe.httpGet, { path: '/healthz', port: 10221, scheme: 'HTTP' });
  });

  it('takes daemon.socketLocation, daemon.socketFile, daemon.port, daemon.extraEnvs and the image value', async () => {
    const ds = daemonSetOf(
      await renderChart([
        '--set',
        'daemon.socketLocation=/run',
        '--set',
        'daemon.socketFile=containerd/containerd.sock',
        '--set',
        'daemon.port=10300',
        '--set-json',
        'daemon.extraEnvs=[{"name":"MAX_CONCURRENT_PULLS","value":"5"}]',
        '--set',
        'functions.nodePuller.image.tag=dev',
      ]),
    );
    const pod = ds?.spec.template.spec;
    const c = pod?.containers[0];
    assert.equal(c?.image, 'kruise-fn/node-puller:dev');
    assert.deepEqual(c?.args, [
      '--healthz-port=10300',
      '--var-run-dir=/hostvarrun',
      '--socket-file=containerd/containerd.sock',
    ]);
    assert.equal(c?.env.at(-1)?.name, 'MAX_CONCURRENT_PULLS');
    assert.equal(pod?.volumes[0]?.hostPath?.path, '/run');
  });

  it('mounts the credential provider as OpenKruise does (the seed line)', async () => {
    const ds = daemonSetOf(await renderChart(seedFlags(credentialLine ?? '')));
    const pod = ds?.spec.template.spec;
    const c = pod?.containers[0];
    assert.deepEqual(c?.args.slice(2), [
      '--plugin-config-file=/credential-provider-config/CredentialProviderPlugin.yaml',
      '--plugin-bin-dir=/credential-provider-plugin',
    ]);
    assert.deepEqual(
      c?.volumeMounts.map((m) => `${m.name}:${m.mountPath}`),
      [
        'runtime-socket:/hostvarrun',
        'credential-provider-plugin-config:/credential-provider-config',
        'credential-provider-plugin:/credential-provider-plugin',
        'aws-credentials-dir:/root/.aws',
      ],
    );
    assert.deepEqual(pod?.volumes.slice(1), [
      {
        name: 'credential-provider-plugin-config',
        configMap: { name: 'credential-provider-config' },
      },
      {
        name: 'credential-provider-plugin',
        hostPath: { path: '/etc/eks/image-credential-provider', type: '' },
      },
      { name: 'aws-credentials-dir', hostPath: { path: '/root/.aws', type: '' } },
    ]);
  });

  it('without awsCredentialsDir mounts no /root/.aws', async () => {
    const ds = daemonSetOf(await renderChart(['--set', 'daemon.credentialProvider.enable=true']));
    const mounts = ds?.spec.template.spec.containers[0]?.volumeMounts.map((m) => m.mountPath);
    assert.deepEqual(mounts, [
      '/hostvarrun',
      '/credential-provider-config',
      '/credential-provider-plugin',
    ]);
  });

  it("gets exactly its calls' RBAC: its NodeImage and status, events, CRRs and their status (no pods), secrets get in kruise-daemon-config", async () => {
    const objects = await renderChart();
    assert.deepEqual(rulesOf(objects, 'ClusterRole', 'kruise-fn-node-puller'), [
      { apiGroups: ['apps.kruise.io'], resources: ['nodeimages'], verbs: ['get', 'list', 'watch'] },
      {
        apiGroups: ['apps.kruise.io'],
        resources: ['nodeimages/status'],
        verbs: ['update', 'patch'],
      },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'get', 'patch'] },
      {
        apiGroups: ['apps.kruise.io'],
        resources: ['containerrecreaterequests'],
        verbs: ['list', 'watch'],
      },
      {
        apiGroups: ['apps.kruise.io'],
        resources: ['containerrecreaterequests/status'],
        verbs: ['update', 'patch'],
      },
    ]);
    const role = findObject(objects, 'Role', 'kruise-fn-node-puller-daemon-config');
    assert.equal(role?.metadata.namespace, 'kruise-daemon-config');
    assert.deepEqual(rulesOf(objects, 'Role', 'kruise-fn-node-puller-daemon-config'), [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
    ]);
    assert.equal(findObject(objects, 'Role', 'kruise-fn-node-puller'), undefined);
  });

  it('KruiseDaemon=false renders no DaemonSet and no node puller RBAC, as OpenKruise chart 1.7.3', async () => {
    const objects = await renderChart(gatesFlag('KruiseDaemon=false'));
    assert.deepEqual(
      objects.filter((o) => o.metadata.name.startsWith('kruise-fn-node-puller')),
      [],
    );
  });
});

describe('the audit webhook route (knative)', () => {
  const dataOf = async (flags: string[]) =>
    findObject(await renderChart(flags), 'ConfigMap', 'kruise-fn-audit-webhook')?.['data'] as
      Record<string, string> | undefined;

  it('ships infra/audit/policy.yaml and the kubeconfig naming the reconcile function', async () => {
    const data = await dataOf([]);
    assert.deepEqual(data, {
      'policy.yaml': readFileSync(new URL('../audit/policy.yaml', import.meta.url), 'utf8'),
      'webhook-kubeconfig.yaml': auditWebhookKubeconfig(
        'http://kruise-fn-reconcile.kruise-system.svc.cluster.local/audit',
      ),
    });
  });

  it('takes another address, and is not rendered on lambda', async () => {
    const data = await dataOf(['--set', 'knative.auditWebhookUrl=https://reconcile.example/audit']);
    assert.equal(
      data?.['webhook-kubeconfig.yaml'],
      auditWebhookKubeconfig('https://reconcile.example/audit'),
    );
    assert.equal(await dataOf(LAMBDA), undefined);
  });
});

describe('platform lambda', () => {
  it('registers the webhooks at the admission Function URL and binds RBAC to groups', async () => {
    const objects = await renderChart(LAMBDA);
    const hooks = [
      ...webhooksOf(objects, 'MutatingWebhookConfiguration'),
      ...webhooksOf(objects, 'ValidatingWebhookConfiguration'),
    ];
    assert.ok(hooks.length > 0);
    for (const h of hooks) {
      assert.deepEqual(Object.keys(h.clientConfig), ['url']);
      assert.match(
        String(h.clientConfig['url']),
        /^https:\/\/abc\.lambda-url\.eu-west-1\.on\.aws\/(mutate|validate)-/,
      );
    }
    assert.deepEqual(objects.filter(isKnativeKind), []);
    // The node puller's DaemonSet runs in the cluster on every platform.
    assert.deepEqual(
      objects
        .filter((o) => ['Secret', 'ServiceAccount', 'Service', 'DaemonSet'].includes(o.kind))
        .map((o) => `${o.kind}/${o.metadata.name}`),
      ['ServiceAccount/kruise-fn-node-puller', 'DaemonSet/kruise-fn-node-puller'],
    );
    const subjects = objects
      .filter((o) => o.kind.endsWith('Binding'))
      .flatMap((o) => (o as unknown as { subjects: { kind: string; name: string }[] }).subjects);
    assert.deepEqual([...new Set(subjects.map((s) => `${s.kind}/${s.name}`))].sort(), [
      'Group/kruise-fn:admission',
      'Group/kruise-fn:reconcile',
      'ServiceAccount/kruise-fn-node-puller',
    ]);
  });

  it('needs the Function URL', async () => {
    await assert.rejects(
      renderChart(['--set', 'platform=lambda']),
      /lambda.functionUrls.admission is required when platform is lambda/,
    );
    await assert.rejects(
      renderChart(['--set', 'platform=lambda', '--set', 'lambda.functionUrls.admission=http://x']),
      /must start with https:\/\//,
    );
  });

  it('refuses another platform', async () => {
    await assert.rejects(
      renderChart(['--set', 'platform=ecs']),
      /platform: "ecs" is not one of knative, lambda/,
    );
  });
});
