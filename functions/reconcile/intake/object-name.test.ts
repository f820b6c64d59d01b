import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathSegmentProblems, unaddressable } from './object-name.js';

describe('pathSegmentProblems', () => {
  const rows: [string, string[]][] = [
    ['web-0', []],
    ['web.0', []],
    ['...', []],
    ['日本', []],
    ['system:node:a', []],
    ['.', ["may not be '.'"]],
    ['..', ["may not be '..'"]],
    ['a/b', ["may not contain '/'"]],
    ['a%2Fb', ["may not contain '%'"]],
    ['../%', ["may not contain '/'", "may not contain '%'"]],
  ];
  for (const [name, problems] of rows) {
    it(`${JSON.stringify(name)}: ${problems.join(', ') || 'fine'}`, () =>
      assert.deepStrictEqual(pathSegmentProblems(name), problems));
  }
});

describe('unaddressable', () => {
  const paths = { name: 'x.name', namespace: 'x.namespace' };
  it('is undefined for a name and namespace that address an object', () => {
    assert.equal(unaddressable(paths, 'web-0', 'web'), undefined);
    assert.equal(unaddressable(paths, 'node-1', undefined), undefined);
  });
  it('names the field, its value and what is wrong, the namespace first', () => {
    assert.equal(unaddressable(paths, 'web-0', '.'), `x.namespace: "." may not be '.'`);
    assert.equal(unaddressable(paths, '..', '..'), `x.namespace: ".." may not be '..'`);
    assert.equal(unaddressable(paths, 'a/b', 'web'), `x.name: "a/b" may not contain '/'`);
  });
});
