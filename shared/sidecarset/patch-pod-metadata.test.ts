import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KruiseFnError } from '../errors.js';
import { mergePatch } from './merge-patch.js';
import { patchPodMetadata, type PatchPodMetadata } from './patch-pod-metadata.js';

// OpenKruise TestPatchPodMetadata cases, plus policies the table in SPEC §2.8 names.
const cases: {
  name: string;
  pod: Record<string, string>;
  patches: { patchPolicy?: string; annotations: Record<string, string> }[];
  want: unknown;
}[] = [
  {
    name: 'adds with Retain and Overwrite',
    pod: {},
    patches: [
      { patchPolicy: 'Retain', annotations: { key1: 'value1' } },
      { patchPolicy: 'Overwrite', annotations: { key2: 'value2' } },
    ],
    want: { annotations: { key1: 'value1', key2: 'value2' }, changed: true },
  },
  {
    name: 'Retain keeps, Overwrite replaces existing keys',
    pod: { key1: 'old', key2: 'old' },
    patches: [
      { patchPolicy: 'Retain', annotations: { key1: 'value1' } },
      { patchPolicy: 'Overwrite', annotations: { key2: 'value2' } },
    ],
    want: { annotations: { key1: 'old', key2: 'value2' }, changed: true },
  },
  {
    name: 'MergePatchJson merges into existing JSON and sets missing keys',
    pod: { key1: '{"log-agent":1}', key2: '{"log-agent":1}' },
    patches: [
      {
        patchPolicy: 'MergePatchJson',
        annotations: { key1: '{"log-agent":1}', key2: '{"envoy":2}', key3: '{"probe":5}' },
      },
    ],
    want: {
      annotations: {
        key1: '{"log-agent":1}',
        key2: '{"envoy":2,"log-agent":1}',
        key3: '{"probe":5}',
      },
      changed: true,
    },
  },
  {
    name: 'MergePatchJson that changes nothing is a skip',
    pod: { key1: '{"log-agent":1}' },
    patches: [{ patchPolicy: 'MergePatchJson', annotations: { key1: '{"log-agent":1}' } }],
    want: { annotations: { key1: '{"log-agent":1}' }, changed: false },
  },
  {
    name: 'empty policy means Retain; unknown policy does nothing',
    pod: { a: 'pod' },
    patches: [
      { annotations: { a: 'set', b: 'set' } },
      { patchPolicy: 'Sometimes', annotations: { c: 'x' } },
    ],
    want: { annotations: { a: 'pod', b: 'set' }, changed: true },
  },
];

describe('patchPodMetadata', () => {
  for (const c of cases) {
    it(c.name, () => {
      // A policy outside the schema's enum, as an object the CRD has not checked yet may carry.
      const patches = c.patches as PatchPodMetadata[];
      assert.deepStrictEqual(patchPodMetadata(c.pod, patches), c.want);
    });
  }
  it('fails with the json-patch message when the pod value is not JSON', () => {
    assert.throws(
      () =>
        patchPodMetadata({ k: 'not json' }, [
          { patchPolicy: 'MergePatchJson', annotations: { k: '{}' } },
        ]),
      (err: unknown) =>
        err instanceof KruiseFnError && err.code === 500 && err.message === 'Invalid JSON Document',
    );
  });
});

const mergeCases = [
  { doc: '{"log-agent":1}', patch: '{"envoy":2}', want: '{"envoy":2,"log-agent":1}' },
  { doc: '{"b":{"y":1, "x":2},"a":1}', patch: '{"c":3}', want: '{"a":1,"b":{"y":1,"x":2},"c":3}' },
  {
    doc: '{"b":{"y":1,"x":2}}',
    patch: '{"b":{"z":null,"a":"<x>"}}',
    want: '{"b":{"a":"\\u003cx\\u003e","x":2,"y":1}}',
  },
  { doc: '{"a":1,"b":2}', patch: '{"a":null}', want: '{"b":2}' },
  { doc: '[1]', patch: '{"a":null,"b":{"c":null}}', want: '{"b":{}}' },
  { doc: '{"a":1}', patch: '[1,null,{"x":null}]', want: '[1,null,{}]' },
  { doc: '{"a": "\\u0041"}', patch: '{"b":[ 1 ,2 ]}', want: '{"a":"\\u0041","b":[1,2]}' },
];

describe('mergePatch', () => {
  for (const c of mergeCases) {
    it(`merges ${c.patch} into ${c.doc}`, () => {
      assert.equal(mergePatch(c.doc, c.patch), c.want);
    });
  }
  const errors = [
    { doc: 'x', patch: '{}', want: 'Invalid JSON Document' },
    { doc: 'null', patch: '{}', want: 'Invalid JSON Document' },
    { doc: '{}', patch: 'x', want: 'Invalid JSON Patch' },
    { doc: '{}', patch: 'null', want: 'Invalid JSON Patch' },
    { doc: '{"a":1}', patch: '"s"', want: 'Invalid JSON Patch' },
  ];
  for (const c of errors) {
    it(`rejects ${c.patch} into ${c.doc} with ${c.want}`, () => {
      assert.throws(() => mergePatch(c.doc, c.patch), { message: c.want });
    });
  }
});
