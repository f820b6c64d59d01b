import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageTagStatus } from '../../shared/api/nodeimage.js';
import { isPulling, nodeImageStatusOf } from './node-status.js';

const s = (tag: string, phase: ImageTagStatus['phase'], version?: number): ImageTagStatus => ({
  tag,
  phase,
  ...(version !== undefined && { version }),
});

describe('the NodeImage status the daemon writes', () => {
  const spec = {
    images: {
      app: { tags: [{ tag: 'v2' }, { tag: 'v1' }, { tag: 'v3' }] },
      other: { tags: [{ tag: 'x' }] },
    },
  };

  it('counts desired from the spec and phases from the statuses, tags sorted', () => {
    const statuses = new Map([
      ['app:v2', s('v2', 'Failed')],
      ['app:v1', s('v1', 'Succeeded')],
      ['app:v3', s('v3', 'Pulling')],
      ['gone:v1', s('v1', 'Succeeded')],
    ]);
    assert.deepEqual(nodeImageStatusOf(spec, statuses), {
      desired: 4,
      succeeded: 1,
      failed: 1,
      pulling: 1,
      imageStatuses: {
        app: { tags: [s('v1', 'Succeeded'), s('v2', 'Failed'), s('v3', 'Pulling')] },
      },
    });
  });

  it('counts Waiting in no phase and leaves imageStatuses out when empty', () => {
    assert.deepEqual(nodeImageStatusOf(spec, new Map([['other:x', s('x', 'Waiting')]])), {
      desired: 4,
      succeeded: 0,
      failed: 0,
      pulling: 0,
      imageStatuses: { other: { tags: [s('x', 'Waiting')] } },
    });
    assert.deepEqual(nodeImageStatusOf(undefined, new Map()), {
      desired: 0,
      succeeded: 0,
      failed: 0,
      pulling: 0,
    });
  });

  it('is pulling while a tag is not final or a status is of an old version', () => {
    const one = { images: { app: { tags: [{ tag: 'v1', version: 2 }] } } };
    const status = (version: number) =>
      nodeImageStatusOf(one, new Map([['app:v1', s('v1', 'Succeeded', version)]]));
    assert.equal(isPulling(one, status(2)), false);
    assert.equal(isPulling(one, status(1)), true);
    assert.equal(isPulling(one, { desired: 1, succeeded: 0, failed: 0, pulling: 1 }), true);
  });
});
