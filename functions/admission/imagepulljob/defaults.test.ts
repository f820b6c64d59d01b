import type { DecodedImagePullJob } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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

describe('defaultImagePullJob', () => {
  it('defaults and adds the protection finalizer on create', () => {
    assert.deepStrictEqual(defaultImagePullJob(review('CREATE', bare)), {
      allowed: true,
      object: {
        metadata: {
          name: 'pull',
          namespace: 'default',
          finalizers: ['apps.kruise.io/deletion-protection'],
        },
        spec: defaultedSpec,
      },
    });
  });
  it('adds no finalizer on update', () => {
    assert.deepStrictEqual(defaultImagePullJob(review('UPDATE', bare)), {
      allowed: true,
      object: { metadata: { name: 'pull', namespace: 'default' }, spec: defaultedSpec },
    });
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
