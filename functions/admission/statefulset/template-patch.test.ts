import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateSpecPatch } from './template-patch.js';

const c = (image: string, extra: object = {}) => ({ name: 'app', image, ...extra });

/**
 * Each `want` is what github.com/appscode/jsonpatch v1.0.1 `CreatePatch`
 * printed (Go 1.20) for json.Marshal of the two v1.PodSpecs, the call of
 * `kruise@v1.7.4:pkg/webhook/statefulset/validating/statefulset_validation.go:346-348`.
 * Rows change one key per object, so Go's random map order cannot reorder them,
 * except the last, whose order is the encoder's.
 */
const cases: { name: string; old: object; next: object; want: string[] }[] = [
  {
    name: 'replaces an image (jsonpatch.go:210-213)',
    old: { containers: [c('a:1')] },
    next: { containers: [c('a:2')] },
    want: ['replace /containers/0/image'],
  },
  {
    name: 'sees no change in a field json.Marshal omits when empty (nodeName "")',
    old: { containers: [c('a:1')] },
    next: { containers: [c('a:1')], nodeName: '' },
    want: [],
  },
  {
    name: 'adds a key the old spec lacks (jsonpatch.go:164-166)',
    old: { containers: [c('a:1')] },
    next: { containers: [c('a:1')], nodeName: 'n1' },
    want: ['add /nodeName'],
  },
  {
    name: 'removes a key the new spec lacks (jsonpatch.go:176-183)',
    old: { containers: [c('a:1', { command: ['sh'] })] },
    next: { containers: [c('a:1')] },
    want: ['remove /containers/0/command'],
  },
  {
    name: 'removes trailing objects of an array from the end (jsonpatch.go:220-222)',
    old: { containers: [c('a:1'), { name: 'b', image: 'b:1' }] },
    next: { containers: [c('a:1')] },
    want: ['remove /containers/1'],
  },
  {
    name: 'adds objects past the end of an array (jsonpatch.go:223-225)',
    old: { containers: [c('a:1')] },
    next: { containers: [c('a:1'), { name: 'b', image: 'b:1' }] },
    want: ['add /containers/1'],
  },
  {
    name: 'drops the first of two args by edit distance, not index (jsonpatch.go:315-318)',
    old: { containers: [c('a:1', { args: ['x', 'y'] })] },
    next: { containers: [c('a:1', { args: ['y'] })] },
    want: ['remove /containers/0/args/0'],
  },
  {
    name: 'replaces one arg of a scalar array (jsonpatch.go:323-326)',
    old: { containers: [c('a:1', { args: ['x', 'y'] })] },
    next: { containers: [c('a:1', { args: ['x', 'z'] })] },
    want: ['replace /containers/0/args/1'],
  },
  {
    name: 'walks into a changed flat object of a simple array (jsonpatch.go:329-330)',
    old: { containers: [c('a:1', { env: [{ name: 'A', value: '1' }] })] },
    next: { containers: [c('a:1', { env: [{ name: 'A', value: '2' }] })] },
    want: ['replace /containers/0/env/0/value'],
  },
  {
    name: 'inserts into a simple array of flat objects (jsonpatch.go:319-322)',
    old: { containers: [c('a:1', { env: [{ name: 'A', value: '1' }] })] },
    next: {
      containers: [
        c('a:1', {
          env: [
            { name: 'Z', value: '0' },
            { name: 'A', value: '1' },
          ],
        }),
      ],
    },
    want: ['add /containers/0/env/0'],
  },
  {
    name: 'replaces a map value (nodeSelector)',
    old: { containers: [c('a:1')], nodeSelector: { a: 'x' } },
    next: { containers: [c('a:1')], nodeSelector: { a: 'y' } },
    want: ['replace /nodeSelector/a'],
  },
  {
    name: 'lists changes index by index, keys in the order json.Marshal wrote them',
    old: { containers: [c('a:1'), { name: 'b', image: 'b:1' }] },
    next: { containers: [c('a:2'), { name: 'b', image: 'b:2', ports: [{ containerPort: 80 }] }] },
    want: ['replace /containers/0/image', 'replace /containers/1/image', 'add /containers/1/ports'],
  },
];

describe('templateSpecPatch (appscode/jsonpatch v1.0.1 CreatePatch)', () => {
  for (const row of cases) {
    it(row.name, () => {
      assert.deepStrictEqual(
        templateSpecPatch(row.old, row.next).map((o) => `${o.op} ${o.path}`),
        row.want,
      );
    });
  }
});
