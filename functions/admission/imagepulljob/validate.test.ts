import type { DecodedImagePullJob, DecodedImagePullJobSpec } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdmissionInput } from '../review/decision.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../../shared/feature-gates.js';
import { validateImagePullJob } from './validate.js';

const job = (spec: Partial<DecodedImagePullJobSpec> = {}): DecodedImagePullJob => ({
  metadata: { name: 'pull', namespace: 'default' },
  spec: { image: 'nginx:1.25', completionPolicy: { type: 'Always' }, ...spec },
});
const review = (object: DecodedImagePullJob): AdmissionInput<DecodedImagePullJob> => ({
  uid: 'u',
  operation: 'CREATE',
  kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind: 'ImagePullJob' },
  resource: { group: 'apps.kruise.io', version: 'v1alpha1', resource: 'imagepulljobs' },
  namespace: 'default',
  name: 'pull',
  object,
});
const chart = parseFeatureGates(chartDefaultFeatureGates);
const bad = (message: string) => ({ allowed: false, code: 400, message });

const cases: { name: string; obj: DecodedImagePullJob; gates?: string; want: object }[] = [
  { name: 'admits a valid job', obj: job(), want: { allowed: true, reason: 'allowed' } },
  {
    name: 'refuses with ImagePullJobGate off (OpenKruise code default)',
    obj: job(),
    gates: '',
    want: { allowed: false, code: 403, message: 'feature-gate ImagePullJobGate is not enabled' },
  },
  {
    name: 'refuses with KruiseDaemon off first',
    obj: job({ image: '' }),
    gates: 'KruiseDaemon=false',
    want: { allowed: false, code: 403, message: 'feature-gate KruiseDaemon is not enabled' },
  },
  {
    name: 'refuses names with a label selector',
    obj: job({ selector: { names: ['n1'], matchLabels: {} } }),
    want: bad('can not set both names and labelSelector in this spec.selector'),
  },
  {
    name: 'refuses an invalid selector',
    obj: job({ selector: { matchExpressions: [{ key: 'k', operator: 'Foo' }] } }),
    want: bad('invalid selector: "Foo" is not a valid label selector operator'),
  },
  {
    name: 'refuses duplicated names',
    obj: job({ selector: { names: ['n1', 'n1'] } }),
    want: bad('duplicated name in selector names'),
  },
  {
    name: 'refuses selector with podSelector',
    obj: job({ selector: { names: ['n1'] }, podSelector: { matchLabels: { app: 'web' } } }),
    want: bad('can not set both selector and podSelector'),
  },
  {
    name: 'refuses an invalid podSelector',
    obj: job({ podSelector: { matchLabels: { 'bad key': 'x' } } }),
    want: bad(
      "invalid podSelector: key: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ),
  },
  { name: 'refuses an empty image', obj: job({ image: '' }), want: bad('image can not be empty') },
  {
    name: 'refuses an upper-case image',
    obj: job({ image: 'Nginx:1.25' }),
    want: bad(
      'invalid image Nginx:1.25: invalid reference format: repository name must be lowercase',
    ),
  },
  {
    name: 'refuses a malformed image',
    obj: job({ image: 'nginx::1' }),
    want: bad('invalid image nginx::1: invalid reference format'),
  },
  {
    name: 'admits a digest reference',
    obj: job({ image: `nginx@sha256:${'0123456789abcdef'.repeat(4)}` }),
    want: { allowed: true, reason: 'allowed' },
  },
  {
    name: 'refuses deadlines with completion Never',
    obj: job({ completionPolicy: { type: 'Never', ttlSecondsAfterFinished: 10 } }),
    want: bad(
      'activeDeadlineSeconds and ttlSecondsAfterFinished can only work with Always CompletionPolicyType',
    ),
  },
  {
    name: 'admits completion Never without deadlines',
    obj: job({ completionPolicy: { type: 'Never' } }),
    want: { allowed: true, reason: 'allowed' },
  },
  {
    name: 'refuses an unknown completion type',
    obj: job({ completionPolicy: { type: 'Sometimes' } }),
    want: bad('unknown type of completionPolicy: Sometimes'),
  },
];

describe('validateImagePullJob', () => {
  for (const c of cases) {
    it(c.name, () => {
      const gates = c.gates === undefined ? chart : parseFeatureGates(c.gates);
      assert.deepStrictEqual(validateImagePullJob(review(c.obj), { gates }), c.want);
    });
  }
});
