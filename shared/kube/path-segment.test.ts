import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidPathSegmentError, pathSegmentProblems, unaddressable } from './path-segment.js';
import { clientOver } from './client.js';
import { resource, resourcePath } from './resource.js';

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

describe('the client refuses what cannot be a path segment, as client-go does', () => {
  const pods = resource({ apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true });
  const table = [
    {
      key: { namespace: 'web', name: '..' },
      message: `invalid resource name "..": [may not be '..']`,
    },
    {
      key: { namespace: 'web', name: 'a/b%' },
      message: `invalid resource name "a/b%": [may not contain '/' may not contain '%']`,
    },
    { key: { namespace: '.', name: 'x' }, message: `invalid namespace ".": [may not be '.']` },
  ];
  for (const { key, message } of table)
    it(message, () =>
      assert.throws(
        () => resourcePath(pods, key),
        (err: unknown) => {
          assert.ok(err instanceof InvalidPathSegmentError);
          assert.equal(err.message, message);
          return true;
        },
      ),
    );
  it('encodes what can', () =>
    assert.equal(
      resourcePath(pods, { namespace: 'web', name: 'a:b' }),
      '/api/v1/namespaces/web/pods/a%3Ab',
    ));
});

describe('a client call with such a name', () => {
  const pods = resource({ apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true });
  const sent: string[] = [];
  const client = clientOver(async (request) => {
    sent.push(request.path);
    throw new Error('not reached');
  });
  it('rejects (never throws) and sends nothing; find finds nothing', async () => {
    await assert.rejects(
      client.get(pods, { namespace: 'web', name: '..' }),
      InvalidPathSegmentError,
    );
    await assert.rejects(
      client.delete(pods, { namespace: 'web', name: '.' }),
      InvalidPathSegmentError,
    );
    assert.equal(await client.find(pods, { namespace: 'web', name: '..' }), undefined);
    assert.deepStrictEqual(sent, []);
  });
});
