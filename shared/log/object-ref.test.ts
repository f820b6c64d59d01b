import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isObjectRef, kobj, kref, refString } from './object-ref.js';

describe('kobj and kref', () => {
  const cases = [
    {
      name: 'a namespaced object',
      got: kobj({ metadata: { name: 'web-0', namespace: 'default' } }),
      want: { name: 'web-0', namespace: 'default' },
    },
    {
      name: 'a cluster-scoped object',
      got: kobj({ metadata: { name: 'log-set' } }),
      want: { name: 'log-set' },
    },
    {
      name: 'an empty namespace',
      got: kobj({ metadata: { name: 'n1', namespace: '' } }),
      want: { name: 'n1' },
    },
    {
      name: 'a generateName object',
      got: kobj({ metadata: { namespace: 'default' } }),
      want: { name: '', namespace: 'default' },
    },
    { name: 'no metadata', got: kobj({ metadata: undefined }), want: { name: '' } },
    { name: 'a missing object', got: kobj(undefined), want: { name: '' } },
    {
      name: 'a bare pair',
      got: kobj({ name: 'p', namespace: 'ns' }),
      want: { name: 'p', namespace: 'ns' },
    },
    {
      name: 'kref of an object',
      got: kref({ metadata: { name: 'p', namespace: 'ns' } }),
      want: { name: 'p', namespace: 'ns' },
    },
    { name: 'kref(namespace, name)', got: kref('ns', 'p'), want: { name: 'p', namespace: 'ns' } },
    { name: 'kref(undefined, name)', got: kref(undefined, 'node-1'), want: { name: 'node-1' } },
  ];
  for (const c of cases) {
    it(`refers to ${c.name}`, () => {
      assert.deepStrictEqual(c.got, c.want);
    });
  }
});

describe('isObjectRef and refString', () => {
  const cases = [
    { value: { name: 'p', namespace: 'ns' }, ref: true, text: 'ns/p' },
    { value: { name: 'n1' }, ref: true, text: 'n1' },
    { value: { name: '', namespace: 'ns' }, ref: true, text: 'ns/' },
    { value: { name: 'p', namespace: 'ns', uid: 'u' }, ref: false },
    { value: { name: 1 }, ref: false },
    { value: { namespace: 'ns' }, ref: false },
    { value: ['p'], ref: false },
    { value: 'p', ref: false },
    { value: null, ref: false },
  ];
  for (const c of cases) {
    it(`${c.ref ? 'renders' : 'does not treat'} ${JSON.stringify(c.value)} as a reference`, () => {
      assert.equal(isObjectRef(c.value), c.ref);
      if (c.text !== undefined && isObjectRef(c.value)) assert.equal(refString(c.value), c.text);
    });
  }
});
