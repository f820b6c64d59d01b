import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskedSprintVectors } from '../../../infra/go-oracle/vectors.js';
import { goSlice, maskGoPointers } from '../../../shared/go/format.js';
import { formatFieldErr } from '../../../shared/validation/field-error.js';
import { nameIsDNSSubdomain } from '../../../shared/validation/names.js';
import { goOwnerReference, validateObjectMeta } from './object-meta.js';

/**
 * Messages with pointer addresses masked: Go prints a real heap address
 * there, different on every run, so no user or controller can rely on it.
 */
const fmt = (errs: ReturnType<typeof validateObjectMeta>) =>
  errs.map(formatFieldErr).map(maskGoPointers);

describe('validateObjectMeta', () => {
  it('accepts a valid namespaced object', () => {
    assert.deepStrictEqual(
      fmt(
        validateObjectMeta(
          { name: 'web', namespace: 'default' },
          true,
          nameIsDNSSubdomain,
          'metadata',
        ),
      ),
      [],
    );
  });
  it('checks generateName, namespace, generation, finalizers and owner references', () => {
    assert.deepStrictEqual(
      fmt(
        validateObjectMeta(
          {
            generateName: 'Web-',
            namespace: 'Bad_NS',
            generation: -1,
            finalizers: ['orphan', 'foregroundDeletion'],
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
            ],
          },
          true,
          nameIsDNSSubdomain,
          'metadata',
        ),
      ),
      [
        "metadata.generateName: Invalid value: \"Web-\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        'metadata.name: Required value: name or generateName is required',
        "metadata.namespace: Invalid value: \"Bad_NS\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
        'metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"a", UID:"1", Controller:(*bool)(0x…), BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"b", UID:"2", Controller:(*bool)(0x…), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
        'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
      ],
    );
  });
  it('forbids a namespace on cluster-scoped objects', () => {
    assert.deepStrictEqual(
      fmt(
        validateObjectMeta(
          { name: 'x', namespace: 'default' },
          false,
          nameIsDNSSubdomain,
          'metadata',
        ),
      ),
      ['metadata.namespace: Forbidden: not allowed on this type'],
    );
  });
  it('limits total annotation size', () => {
    const big = { a: 'x'.repeat(256 * 1024) };
    assert.deepStrictEqual(
      fmt(validateObjectMeta({ name: 'x', annotations: big }, false, nameIsDNSSubdomain, 'm')),
      ['m.annotations: Too long: must have at most 262144 bytes'],
    );
  });
});

describe('owner references against fmt %#v (vectors Go printed, addresses masked)', () => {
  it('renders one as Go does', () => {
    const vectors = maskedSprintVectors('ownerReference', maskGoPointers);
    assert.ok(vectors.length > 0);
    for (const [value, want] of vectors) {
      assert.equal(
        maskGoPointers(goOwnerReference(value as Parameters<typeof goOwnerReference>[0])),
        want,
      );
    }
  });
  it('renders a slice as Go does', () => {
    const vectors = maskedSprintVectors('ownerReferences', maskGoPointers);
    assert.ok(vectors.length > 0);
    for (const [value, want] of vectors) {
      const text = goSlice(
        'v1.OwnerReference',
        value as Parameters<typeof goOwnerReference>[0][],
        goOwnerReference,
      );
      assert.equal(maskGoPointers(text), want);
    }
  });
});
