import type {
  DecodedImageTagSpec,
  DecodedImageTagStatus,
  DecodedNodeImage,
} from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdmissionInput } from '../review/decision.js';
import { parseFeatureGates } from '../../../shared/feature-gates.js';
import { defaultNodeImage, validateNodeImage } from './nodeimage.js';

const review = (object: DecodedNodeImage): AdmissionInput<DecodedNodeImage> => ({
  uid: 'u',
  operation: 'UPDATE',
  kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind: 'NodeImage' },
  resource: { group: 'apps.kruise.io', version: 'v1alpha1', resource: 'nodeimages' },
  namespace: '',
  name: 'node-a',
  object,
});
const now = new Date('2024-09-05T08:00:00.123Z');
const goodTag = (tag: string, over: Partial<DecodedImageTagSpec> = {}): DecodedImageTagSpec => ({
  tag,
  version: 0,
  createdAt: '2024-09-05T07:00:00Z',
  pullPolicy: { timeoutSeconds: 600, backoffLimit: 3, ttlSecondsAfterFinished: 2173 },
  ...over,
});
const withTags = (tags: DecodedImageTagSpec[], name = 'nginx'): DecodedNodeImage => ({
  metadata: { name: 'node-a' },
  spec: { images: { [name]: { tags } } },
});

describe('defaultNodeImage', () => {
  it('defaults createdAt and pull policy, and sorts spec and status tags', () => {
    // Status tags without a phase: Go decodes them; the CRD would not store them.
    const statusTags = [{ tag: 'z' }, { tag: 'm' }] as DecodedImageTagStatus[];
    const obj: DecodedNodeImage = {
      metadata: { name: 'node-a' },
      spec: { images: { nginx: { tags: [{ tag: 'b', version: 0 }, goodTag('a')] } } },
      status: { desired: 1, imageStatuses: { nginx: { tags: statusTags } } },
    };
    assert.deepStrictEqual(defaultNodeImage(review(obj), { now }), {
      allowed: true,
      object: {
        metadata: { name: 'node-a' },
        spec: {
          images: {
            nginx: {
              tags: [
                goodTag('a'),
                {
                  tag: 'b',
                  version: 0,
                  createdAt: '2024-09-05T08:00:00Z',
                  pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
                },
              ],
            },
          },
        },
        status: { desired: 1, imageStatuses: { nginx: { tags: [{ tag: 'm' }, { tag: 'z' }] } } },
      },
    });
  });
  it('allows without a patch when nothing changes', () => {
    assert.deepStrictEqual(defaultNodeImage(review(withTags([goodTag('a')])), { now }), {
      allowed: true,
    });
  });
});

describe('validateNodeImage', () => {
  const bad = (message: string) => ({ allowed: false, code: 400, message });
  const noTags: DecodedImageTagSpec[] = [];
  const many: DecodedNodeImage = {
    metadata: {},
    spec: {
      images: Object.fromEntries(
        Array.from({ length: 257 }, (_, i) => [`img${i}`, { tags: noTags }]),
      ),
    },
  };
  const cases: { name: string; obj: DecodedNodeImage; gates?: string; want: object }[] = [
    {
      name: 'admits a valid NodeImage',
      obj: withTags([goodTag('1.25')]),
      want: { allowed: true, reason: 'allowed' },
    },
    {
      name: 'refuses with KruiseDaemon off',
      obj: withTags([goodTag('1.25')]),
      gates: 'KruiseDaemon=false',
      want: { allowed: false, code: 403, message: 'feature-gate KruiseDaemon is not enabled' },
    },
    {
      name: 'refuses more than 256 images',
      obj: many,
      want: bad('spec images length 257 can not be more than 256'),
    },
    {
      name: 'refuses an empty image name',
      obj: withTags([goodTag('1')], ''),
      want: bad('image name can not be empty'),
    },
    {
      name: 'refuses an empty tag',
      obj: withTags([goodTag('')]),
      want: bad('tag for image nginx can not be empty'),
    },
    {
      name: 'refuses a duplicated tag',
      obj: withTags([goodTag('1'), goodTag('1')]),
      want: bad('duplicated tag 1 for image nginx'),
    },
    {
      name: 'refuses a tag without createdAt',
      obj: withTags([goodTag('1', { createdAt: null })]),
      want: bad('createAt field for nginx/1 can not be empty'),
    },
    {
      name: 'refuses a negative version',
      obj: withTags([goodTag('1', { version: -1 })]),
      want: bad('version for nginx/1 can not be less than 0'),
    },
    {
      name: 'refuses a tag without pull policy',
      obj: withTags([goodTag('1', { pullPolicy: null })]),
      want: bad('pullPolicy field for nginx/1 must set'),
    },
    {
      name: 'refuses a pull policy without ttlSecondsAfterFinished',
      obj: withTags([goodTag('1', { pullPolicy: { timeoutSeconds: 600 } })]),
      want: bad('pullPolicy.ttlSecondsAfterFinished for nginx/1 must set'),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepStrictEqual(
        validateNodeImage(review(c.obj), { gates: parseFeatureGates(c.gates ?? '') }),
        c.want,
      );
    });
  }
});
