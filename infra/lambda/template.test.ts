/**
 * infra/lambda/template.yaml against the CloudFormation / SAM resource
 * schemas' facts (check-template.ts, resource-specs.ts), the bundles
 * `make build` writes, the env names the functions read, the resync period
 * of the reconcile function, minimal IAM, and the saved queries of
 * infra/queries/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { BUNDLE_PACKAGE_JSON, buildFunctions, findEntries } from '../build.js';
import { RESYNC_PERIOD_MS } from '../../functions/reconcile/run.js';
import { checkTemplate, readTemplate, subVariables } from './check-template.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
const text = readFileSync(join(here, 'template.yaml'), 'utf8');

type Obj = Record<string, unknown>;
const template = readTemplate(text) as Obj & { Resources: Record<string, Obj> };
const resources = template.Resources;
const props = (name: string) => (resources[name]?.['Properties'] ?? {}) as Obj;
const ofType = (type: string) =>
  Object.entries(resources).filter(([, r]) => r['Type'] === type) as [string, Obj][];
const functions = ofType('AWS::Serverless::Function');

/** The template with one edit applied to a copy. */
const edited = (edit: (t: typeof template) => void) => {
  const copy = structuredClone(template);
  edit(copy);
  return checkTemplate(copy);
};

describe('infra/lambda/template.yaml', () => {
  it('reads with the short-form tags into the long form', () => {
    assert.deepEqual(props('AdmissionUrl')['TargetFunctionArn'], {
      'Fn::GetAtt': ['AdmissionFunction', 'Arn'],
    });
    assert.deepEqual(props('AdmissionLogGroup')['RetentionInDays'], { Ref: 'LogRetentionInDays' });
    assert.deepEqual(template['Conditions'], {
      AdmissionUrlIsPublic: { 'Fn::Equals': [{ Ref: 'AdmissionUrlAuthType' }, 'NONE'] },
    });
    assert.deepEqual(subVariables('/aws/eks/${ClusterName}/x/${!Literal}/${A.Arn}'), [
      'ClusterName',
      'A.Arn',
    ]);
  });

  it('has only known types, properties, values and names', () => {
    assert.equal(template['Transform'], 'AWS::Serverless-2016-10-31');
    assert.deepEqual(checkTemplate(template), []);
  });

  it('fails on a misspelt property, a missing required one, a wrong type or value', () => {
    const problems = edited((t) => {
      const fn = t.Resources['AdmissionFunction']?.['Properties'] as Obj;
      fn['Hanlder'] = fn['Handler'];
      delete fn['Handler'];
      (fn['LoggingConfig'] as Obj)['LogFromat'] = 'JSON';
      fn['Timeout'] = '30';
      fn['Runtime'] = 'nodejs20.x';
      delete (t.Resources['AuditSubscription']?.['Properties'] as Obj)['FilterPattern'];
    });
    const names = Object.keys(problemPaths(problems));
    assert.deepEqual(names.sort(), [
      'Resources.AdmissionFunction.Properties',
      'Resources.AdmissionFunction.Properties.Hanlder',
      'Resources.AdmissionFunction.Properties.LoggingConfig.LogFromat',
      'Resources.AdmissionFunction.Properties.Runtime',
      'Resources.AdmissionFunction.Properties.Timeout',
      'Resources.AuditSubscription.Properties',
    ]);
    assert.ok(
      problems.includes(
        'Resources.AdmissionFunction.Properties: required property Handler is missing',
      ),
    );
    assert.ok(
      problems.some((p) =>
        p.startsWith('Resources.AdmissionFunction.Properties.Hanlder: not a property'),
      ),
    );
  });

  it('fails on a Ref, GetAtt or Sub naming nothing', () => {
    const problems = edited((t) => {
      (t.Resources['AdmissionUrl']?.['Properties'] as Obj)['TargetFunctionArn'] = {
        'Fn::GetAtt': ['AdmissionFunction', 'Url'],
      };
      (t.Resources['AdmissionLogGroup']?.['Properties'] as Obj)['RetentionInDays'] = {
        Ref: 'LogRetention',
      };
      (t.Resources['AuditSubscription']?.['Properties'] as Obj)['LogGroupName'] = {
        'Fn::Sub': '/aws/eks/${Cluster}/cluster',
      };
      (t.Resources['AuditSubscription'] as Obj)['DependsOn'] = 'AuditPermission';
    });
    assert.deepEqual(problems.sort(), [
      'Resources.AdmissionLogGroup.Properties.RetentionInDays: LogRetention is not a parameter or resource',
      'Resources.AdmissionUrl.Properties.TargetFunctionArn: AWS::Serverless::Function has no attribute Url',
      'Resources.AuditSubscription.DependsOn: "AuditPermission" is not a resource',
      'Resources.AuditSubscription.Properties.LogGroupName: Cluster is not a parameter or resource',
    ]);
  });

  it('uses every parameter', () => {
    const used = new Set(
      [...text.matchAll(/!Ref (\w+)|\$\{(\w+)\}/g)].map((m) => m[1] ?? m[2] ?? ''),
    );
    const unused = Object.keys(template['Parameters'] as Obj).filter((p) => !used.has(p));
    assert.deepEqual(unused, []);
  });

  it('deploys every Lambda entry but certs (no certs function on platform=lambda)', () => {
    const withLambda = findEntries(root)
      .filter((e) => e.entry === 'lambda')
      .map((e) => e.fn);
    const deployed = functions.map(([, r]) =>
      relative(join(root, 'dist'), resolve(here, String((r['Properties'] as Obj)['CodeUri']))),
    );
    assert.deepEqual(deployed.sort(), withLambda.filter((fn) => fn !== 'certs').sort());
    for (const [, r] of functions)
      assert.equal((r['Properties'] as Obj)['Handler'], 'lambda.handler');
  });

  it('gives every function JSON logs, source maps and only env names the code reads', () => {
    const sources = readdirRecursive(root, ['functions', 'shared'])
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const [name, r] of functions) {
      const env = ((r['Properties'] as Obj)['Environment'] as { Variables: Obj }).Variables;
      assert.equal(env['LOGGING_FORMAT'], 'json', name);
      assert.equal(env['NODE_OPTIONS'], '--enable-source-maps', name);
      for (const key of Object.keys(env)) {
        // KUBECONFIG is read by client-node's loadFromDefault; NODE_OPTIONS by node.
        if (key === 'KUBECONFIG' || key === 'NODE_OPTIONS') continue;
        const read = new RegExp(`env\\.${key}\\b|'${key}'`);
        assert.match(sources, read, `${name}: ${key} is read nowhere`);
      }
    }
  });

  it("resyncs at the reconcile function's period and feeds it the cluster's audit log", () => {
    const params = template['Parameters'] as Record<string, Obj>;
    assert.equal(RESYNC_PERIOD_MS, 60_000);
    assert.equal(params['ResyncScheduleExpression']?.['Default'], 'rate(1 minute)');
    assert.deepEqual((props('ResyncSchedule')['Target'] as Obj)['Arn'], {
      'Fn::GetAtt': ['ReconcileFunction', 'Arn'],
    });
    assert.deepEqual(props('AuditSubscription')['LogGroupName'], {
      'Fn::Sub': '/aws/eks/${ClusterName}/cluster',
    });
    assert.deepEqual(props('AuditSubscription')['DestinationArn'], {
      'Fn::GetAtt': ['ReconcileFunction', 'Arn'],
    });
    assert.equal(props('AuditInvokePermission')['Principal'], 'logs.amazonaws.com');
    const pattern = String(params['AuditFilterPattern']?.['Default']);
    for (const verb of ['create', 'update', 'patch', 'delete'])
      assert.ok(pattern.includes(`"${verb}"`));
    assert.ok(pattern.includes('$.stage = "ResponseComplete"'));
  });

  it('allows each role only the actions its function calls, on its own resources', () => {
    const statements = (role: string) =>
      (props(role)['Policies'] as { PolicyDocument: { Statement: Obj[] } }[]).flatMap(
        (p) => p.PolicyDocument.Statement,
      );
    const actions = (role: string) => statements(role).flatMap((s) => s['Action'] as string[]);
    const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    assert.deepEqual(actions('AdmissionRole'), logs);
    assert.deepEqual(actions('ReconcileRole'), logs);
    assert.deepEqual(actions('CredentialsRole'), [...logs, 'ecr:GetAuthorizationToken']);
    assert.deepEqual(actions('ResyncSchedulerRole'), ['lambda:InvokeFunction']);
    for (const [role] of ofType('AWS::IAM::Role')) {
      for (const s of statements(role)) {
        assert.equal(s['Effect'], 'Allow');
        for (const a of s['Action'] as string[]) assert.doesNotMatch(a, /\*/, `${role}: ${a}`);
        // ecr:GetAuthorizationToken has no resource type: "*" is all it takes.
        if (s['Resource'] === '*') {
          assert.deepEqual(s['Action'], ['ecr:GetAuthorizationToken'], role);
        }
      }
    }
    for (const [name, fn] of [
      ['AdmissionRole', 'AdmissionLogGroup'],
      ['ReconcileRole', 'ReconcileLogGroup'],
      ['CredentialsRole', 'CredentialsLogGroup'],
    ] as const) {
      assert.deepEqual(statements(name)[0]?.['Resource'], { 'Fn::GetAtt': [fn, 'Arn'] });
    }
  });

  it('serves admission and credentials through Function URLs', () => {
    const params = template['Parameters'] as Record<string, Obj>;
    assert.deepEqual(params['AdmissionUrlAuthType']?.['AllowedValues'], ['NONE', 'AWS_IAM']);
    assert.deepEqual(props('AdmissionUrl')['AuthType'], { Ref: 'AdmissionUrlAuthType' });
    assert.equal(props('CredentialsUrl')['AuthType'], 'AWS_IAM');
    // Open (NONE): anyone may call the URL, which needs both actions since October 2025.
    const open = ofType('AWS::Lambda::Permission').filter(
      ([, r]) => r['Condition'] === 'AdmissionUrlIsPublic',
    );
    assert.deepEqual(
      open.map(([, r]) => {
        const p = r['Properties'] as Obj;
        return [
          p['Action'],
          p['Principal'],
          p['FunctionUrlAuthType'] ?? p['InvokedViaFunctionUrl'],
        ];
      }),
      [
        ['lambda:InvokeFunctionUrl', '*', 'NONE'],
        ['lambda:InvokeFunction', '*', true],
      ],
    );
    assert.deepEqual(
      (template['Outputs'] as Record<string, Obj>)['AdmissionFunctionUrl']?.['Value'],
      {
        'Fn::GetAtt': ['AdmissionUrl', 'FunctionUrl'],
      },
    );
  });

  it('saves every query of infra/queries/ as written there', () => {
    const dir = join(root, 'infra', 'queries');
    const files = readdirSync(dir).filter((f) => f.endsWith('.logsinsights'));
    const saved = Object.fromEntries(
      ofType('AWS::Logs::QueryDefinition').map(([, r]) => {
        const p = r['Properties'] as { Name: { 'Fn::Sub': string }; QueryString: string };
        return [p.Name['Fn::Sub'].split('/').pop(), p.QueryString];
      }),
    );
    assert.deepEqual(
      Object.keys(saved).sort(),
      files.map((f) => f.replace(/\.logsinsights$/, '')).sort(),
    );
    for (const f of files) {
      const body = readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n');
      assert.equal(saved[f.replace(/\.logsinsights$/, '')], body, f);
    }
  });

  describe('after make build', () => {
    let outdir = '';
    before(async () => {
      outdir = mkdtempSync(join(tmpdir(), 'kruise-fn-sam-'));
      await buildFunctions({ root, outdir, only: functions.map(([, r]) => codeFolder(r)) });
    });
    after(() => rmSync(outdir, { recursive: true, force: true }));

    it('every CodeUri holds lambda.js, its source map and the ESM package.json', () => {
      for (const [name, r] of functions) {
        const folder = join(outdir, codeFolder(r));
        for (const file of ['lambda.js', 'lambda.js.map', 'package.json']) {
          assert.ok(existsSync(join(folder, file)), `${name}: ${file}`);
        }
        assert.equal(readFileSync(join(folder, 'package.json'), 'utf8'), BUNDLE_PACKAGE_JSON);
        assert.match(
          readFileSync(join(folder, 'lambda.js'), 'utf8'),
          /export\s*\{[^}]*\bhandler\b/,
        );
      }
    });
  });
});

/** The folder under dist/ a function's CodeUri names. */
function codeFolder(r: Obj): string {
  const uri = String((r['Properties'] as Obj)['CodeUri']);
  const rel = relative(join(root, 'dist'), resolve(here, uri));
  assert.ok(!rel.startsWith('..') && !rel.includes('/'), `${uri} is not dist/<fn>`);
  return rel;
}

/** The paths before the first `: ` of each problem, counted. */
function problemPaths(problems: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of problems) {
    const path = p.slice(0, p.indexOf(': '));
    counts[path] = (counts[path] ?? 0) + 1;
  }
  return counts;
}

function readdirRecursive(base: string, dirs: readonly string[]): string[] {
  return dirs.flatMap((d) =>
    readdirSync(join(base, d), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => join(base, d, f)),
  );
}
