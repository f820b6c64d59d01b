import type { DecodedImagePullJob } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goMarshalled } from '../../../infra/go-oracle/oracle.js';
import type { AdmissionInput, Operation } from '../review/decision.js';
import { defaultImagePullJob } from './defaults.js';

const review = (
  operation: Operation,
  object: DecodedImagePullJob,
): AdmissionInput<DecodedImagePullJob> => ({
  uid: 'u',
  operation,
  kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind: 'ImagePullJob' },
  resource: { group: 'apps.kruise.io', version: 'v1alpha1', resource: 'imagepulljobs' },
  namespace: 'default',
  name: 'pull',
  object,
});
// As a user writes it: no completionPolicy yet (Go decodes its zero struct).
const bare = {
  metadata: { name: 'pull', namespace: 'default' },
  spec: { image: 'nginx' },
} as DecodedImagePullJob;
const defaultedSpec = {
  image: 'nginx',
  completionPolicy: { type: 'Always' },
  pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
  imagePullPolicy: 'IfNotPresent',
};

// The answer is Go's json.Marshal of the defaulted v1alpha1.ImagePullJob (the oracle writes it).
const asGo = (value: unknown) => goMarshalled('v1alpha1.ImagePullJob', value);

describe('defaultImagePullJob', () => {
  it('defaults and adds the protection finalizer on create', async () => {
    assert.deepStrictEqual(defaultImagePullJob(review('CREATE', bare)), {
      allowed: true,
      object: await asGo({
        metadata: {
          name: 'pull',
          namespace: 'default',
          finalizers: ['apps.kruise.io/deletion-protection'],
        },
        spec: defaultedSpec,
      }),
    });
  });
  it('adds no finalizer on update', async () => {
    assert.deepStrictEqual(defaultImagePullJob(review('UPDATE', bare)), {
      allowed: true,
      object: await asGo({ metadata: { name: 'pull', namespace: 'default' }, spec: defaultedSpec }),
    });
  });
  it('writes the object as Go does: creationTimestamp null, the status zero struct', () => {
    const decision = defaultImagePullJob(review('UPDATE', bare));
    assert.ok(decision.allowed && decision.object !== undefined);
    const object = decision.object as Record<string, Record<string, unknown>>;
    assert.equal(object['metadata']?.['creationTimestamp'], null);
    assert.deepEqual(object['status'], { desired: 0, active: 0, succeeded: 0, failed: 0 });
  });
  it('keeps given values and does not repeat the finalizer', () => {
    const given: DecodedImagePullJob = {
      metadata: { name: 'pull', finalizers: ['apps.kruise.io/deletion-protection'] },
      spec: {
        image: 'nginx',
        completionPolicy: { type: 'Never' },
        pullPolicy: { timeoutSeconds: 60, backoffLimit: 0 },
        imagePullPolicy: 'Always',
      },
    };
    assert.deepStrictEqual(defaultImagePullJob(review('CREATE', given)), { allowed: true });
  });
});
