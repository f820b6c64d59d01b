import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../shared/kube/resource.js';
import { reuseUnchanged } from './reuse-unchanged.js';

const obj = (name: string, resourceVersion?: string): KubeObject => ({
  metadata: { name, uid: `uid-${name}`, ...(resourceVersion !== undefined && { resourceVersion }) },
});

describe('reuseUnchanged', () => {
  const a1 = obj('a', '1');
  const b1 = obj('b', '1');
  const previous = [a1, b1];
  const cases: {
    name: string;
    next: KubeObject[];
    /** For each item of the answer: the previous object it must be, or undefined for the new one. */
    want: 'previous array' | (KubeObject | undefined)[];
  }[] = [
    { name: 'nothing changed', next: [obj('a', '1'), obj('b', '1')], want: 'previous array' },
    { name: 'one updated', next: [obj('a', '1'), obj('b', '2')], want: [a1, undefined] },
    {
      name: 'one added',
      next: [obj('a', '1'), obj('b', '1'), obj('c', '1')],
      want: [a1, b1, undefined],
    },
    { name: 'one deleted', next: [obj('b', '1')], want: [b1] },
    { name: 'no resourceVersion', next: [obj('a'), obj('b')], want: [undefined, undefined] },
  ];
  for (const c of cases) {
    it(`keeps unchanged objects: ${c.name}`, () => {
      const out = reuseUnchanged(previous, c.next);
      if (c.want === 'previous array') {
        assert.equal(out, previous);
        return;
      }
      assert.notEqual(out, previous);
      assert.deepStrictEqual(out, c.next);
      c.want.forEach((kept, i) => assert.equal(out[i], kept ?? c.next[i]));
    });
  }

  it('takes the first list as it is', () => {
    const next = [obj('a', '1')];
    assert.equal(reuseUnchanged(undefined, next), next);
  });
});
