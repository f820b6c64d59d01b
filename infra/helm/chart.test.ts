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
    assert.equal(services.length, 3);
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

  it('keeps admission warm (min-scale 1) and lets reconcile and certs scale to zero', async () => {
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
      'kruise-fn-reconcile': '0',
    });
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
    assert.deepEqual(
      objects.filter((o) => ['Secret', 'ServiceAccount', 'Service'].includes(o.kind)),
      [],
    );
    const subjects = objects
      .filter((o) => o.kind.endsWith('Binding'))
      .flatMap((o) => (o as unknown as { subjects: { kind: string; name: string }[] }).subjects);
    assert.deepEqual([...new Set(subjects.map((s) => `${s.kind}/${s.name}`))].sort(), [
      'Group/kruise-fn:admission',
      'Group/kruise-fn:reconcile',
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
