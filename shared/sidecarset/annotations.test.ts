import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatInjectedList,
  formatUpdateTimestamp,
  marshalUpgradeSpecs,
  podSidecarSetHash,
  readUpgradeSpecs,
  readWorkingHotUpgradeContainers,
} from './annotations.js';
import { goJsonSyntaxError } from '../go/json-syntax.js';

describe('marshalUpgradeSpecs', () => {
  it('writes Go field order, sorted keys, omits an empty controllerRevision, keeps null list and time', () => {
    const got = marshalUpgradeSpecs({
      'mesh-set': {
        updateTimestamp: null,
        hash: 'h2',
        sidecarSetName: 'mesh-set',
        sidecarList: null,
        controllerRevision: '',
      },
      'log-set': {
        updateTimestamp: '2024-09-05T08:00:00Z',
        hash: 'h1',
        sidecarSetName: 'log-set',
        sidecarList: ['log-agent'],
        controllerRevision: 'log-set-6d9f7c8b5',
      },
    });
    assert.equal(
      got,
      '{"log-set":{"updateTimestamp":"2024-09-05T08:00:00Z","hash":"h1","sidecarSetName":"log-set",' +
        '"sidecarList":["log-agent"],"controllerRevision":"log-set-6d9f7c8b5"},' +
        '"mesh-set":{"updateTimestamp":null,"hash":"h2","sidecarSetName":"mesh-set","sidecarList":null}}',
    );
  });
});

const readCases = [
  {
    name: 'current format (OpenKruise TestGetPodSidecarSetRevision "normal")',
    value: '{"test-sidecarset":{"hash":"aaa"}}',
    want: {
      specs: {
        'test-sidecarset': {
          updateTimestamp: null,
          hash: 'aaa',
          sidecarSetName: '',
          sidecarList: null,
          controllerRevision: '',
        },
      },
    },
  },
  {
    name: 'legacy name → hash map (OpenKruise "older")',
    value: '{"test-sidecarset": "aaa"}',
    want: {
      specs: {
        'test-sidecarset': {
          updateTimestamp: null,
          hash: 'aaa',
          sidecarSetName: 'test-sidecarset',
          sidecarList: null,
          controllerRevision: '',
        },
      },
    },
  },
  {
    name: 'timestamps normalised to UTC seconds, fields matched case-insensitively',
    value:
      '{"s":{"UpdateTimestamp":"2024-01-01T08:00:00.5+08:00","Hash":"h","sidecarList":["a",null]}}',
    want: {
      specs: {
        s: {
          updateTimestamp: '2024-01-01T00:00:00Z',
          hash: 'h',
          sidecarSetName: '',
          sidecarList: ['a', ''],
          controllerRevision: '',
        },
      },
    },
  },
  {
    name: 'unparseable text (OpenKruise "failed")',
    value: 'failed-sidecarset-hash',
    want: { error: "invalid character 'i' in literal false (expecting 'l')" },
  },
  {
    name: 'an array',
    value: '[1]',
    want: { error: 'json: cannot unmarshal array into Go value of type map[string]string' },
  },
  {
    name: 'a struct entry with a bad timestamp',
    value: '{"s":{"updateTimestamp":"yesterday"}}',
    want: { error: 'json: cannot unmarshal object into Go value of type string' },
  },
];

describe('readUpgradeSpecs', () => {
  for (const c of readCases) {
    it(`reads ${c.name}`, () => {
      assert.deepStrictEqual(readUpgradeSpecs(c.value), c.want);
    });
  }
});

describe('podSidecarSetHash', () => {
  const cases = [
    { value: '{"test-sidecarset":{"hash":"aaa"}}', want: 'aaa' },
    { value: '{"test-sidecarset": "without-image-aaa"}', want: 'without-image-aaa' },
    { value: 'failed-sidecarset-hash', want: '' },
  ];
  for (const c of cases) {
    it(`reads ${c.value} as "${c.want}"`, () => {
      assert.equal(podSidecarSetHash({ k: c.value }, 'k', 'test-sidecarset'), c.want);
    });
  }
});

describe('readWorkingHotUpgradeContainers', () => {
  const cases = [
    { value: undefined, want: {} },
    { value: '{"mesh":"mesh-2"}', want: { mesh: 'mesh-2' } },
    { value: '{"mesh":"mesh-1","bad":1}', want: { mesh: 'mesh-1', bad: '' } },
    { value: 'nope', want: {} },
  ];
  for (const c of cases) {
    it(`reads ${String(c.value)}`, () => {
      const annotations: Record<string, string> =
        c.value === undefined
          ? {}
          : { 'kruise.io/sidecarset-working-hotupgrade-container': c.value };
      assert.deepStrictEqual(readWorkingHotUpgradeContainers(annotations), c.want);
    });
  }
});

describe('injected list and timestamps', () => {
  it('sorts and de-duplicates names, keeping empty pieces as Go does', () => {
    assert.equal(formatInjectedList(['mesh-set', 'log-set', 'mesh-set', '']), ',log-set,mesh-set');
  });
  it('formats metav1.Now() as UTC whole seconds', () => {
    assert.equal(
      formatUpdateTimestamp(new Date('2024-09-05T08:00:00.987Z')),
      '2024-09-05T08:00:00Z',
    );
  });
});

describe('goJsonSyntaxError', () => {
  const cases = [
    { text: '{"a":1}', want: undefined },
    { text: '', want: 'unexpected end of JSON input' },
    { text: '{"a":1', want: 'unexpected end of JSON input' },
    { text: '{"a" 1}', want: "invalid character '1' after object key" },
    { text: '{"a":1,}', want: "invalid character '}' looking for beginning of object key string" },
    { text: '[1 2]', want: "invalid character '2' after array element" },
    { text: '{"a":1} x', want: "invalid character 'x' after top-level value" },
    { text: '-', want: "invalid character ' ' in numeric literal" },
    { text: '"\\q"', want: "invalid character 'q' in string escape code" },
    { text: "'a'", want: "invalid character '\\'' looking for beginning of value" },
  ];
  for (const c of cases) {
    it(`reports ${JSON.stringify(c.text)}`, () => {
      assert.equal(goJsonSyntaxError(c.text), c.want);
    });
  }
});
