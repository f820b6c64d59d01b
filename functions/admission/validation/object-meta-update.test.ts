import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldErr, type ErrorList } from '../../../shared/validation/field-error.js';
import { validateObjectMetaUpdate } from './object-meta-update.js';

const fmt = (errs: ErrorList) => errs.map(formatFieldErr);

describe('validateObjectMetaUpdate', () => {
  it('keeps identity immutable and generation monotonic', () => {
    assert.deepStrictEqual(
      fmt(
        validateObjectMetaUpdate(
          {
            name: 'a',
            namespace: 'n',
            uid: 'u2',
            resourceVersion: '2',
            generation: 1,
            creationTimestamp: '2024-01-02T03:04:05Z',
          },
          {
            name: 'a',
            namespace: 'n',
            uid: 'u1',
            resourceVersion: '1',
            generation: 2,
            creationTimestamp: '2024-01-01T00:00:00Z',
          },
          'metadata',
        ),
      ),
      [
        'metadata.generation: Invalid value: 1: must not be decremented',
        'metadata.uid: Invalid value: "u2": field is immutable',
        'metadata.creationTimestamp: Invalid value: 2024-01-02 03:04:05 +0000 UTC: field is immutable',
      ],
    );
  });
  it('forbids new finalizers while deleting', () => {
    assert.deepStrictEqual(
      fmt(
        validateObjectMetaUpdate(
          {
            name: 'a',
            resourceVersion: '2',
            finalizers: ['x', 'y'],
            deletionTimestamp: '2024-01-01T00:00:00Z',
          },
          {
            name: 'a',
            resourceVersion: '1',
            finalizers: ['x'],
            deletionTimestamp: '2024-01-01T00:00:00Z',
          },
          'metadata',
        ),
      ),
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"y"}',
      ],
    );
  });
});
