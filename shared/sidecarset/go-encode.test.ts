import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { VOLUME_ENCODING_FILE, volumeEncodingSource } from '../../infra/go-oracle/tables.js';
import { goEncode, type GoEncodeTable } from './go-encode.js';
import { VOLUME_ENCODING } from './volume-encoding.js';

describe('goEncode', () => {
  it('takes the Volume table from Go (regenerate: npx tsx infra/go-oracle/write-tables.ts)', async () => {
    assert.equal(readFileSync(VOLUME_ENCODING_FILE, 'utf8'), await volumeEncodingSource());
  });

  // Whole-document parity with Go is proven by the revision vectors
  // (functions/reconcile/sidecarset/revision-data.test.ts); these rows pin each rule.
  const table: GoEncodeTable = {
    root: 'T',
    structs: {
      T: [
        'name:string',
        'note:string,omitempty',
        'ptr:*string,omitempty',
        'list:[]string',
        'opt:[]string,omitempty',
        'labels:map[string]string,omitempty',
        'size:*quantity,omitempty',
        'at:time',
        'inner:U',
        'maybe:*U,omitempty',
      ],
      U: ['on:bool,omitempty', 'n:int'],
    },
  };
  const cases = [
    {
      name: 'writes zero values of absent required fields and drops empty omitempty ones',
      value: {},
      want: '{"name":"","list":null,"at":null,"inner":{"n":0}}',
    },
    {
      name: 'keeps an empty list that is not omitempty, sorts map keys, canonicalises quantities',
      value: {
        name: 'x',
        note: '',
        ptr: '',
        list: [],
        opt: [],
        labels: { b: '1', a: '<' },
        size: '1024Mi',
        at: '2024-09-05T10:00:00+02:00',
        maybe: {},
        extra: 1,
      },
      want:
        '{"name":"x","ptr":"","list":[],"labels":{"a":"\\u003c","b":"1"},"size":"1Gi",' +
        '"at":"2024-09-05T08:00:00Z","inner":{"n":0},"maybe":{"n":0}}',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(goEncode(table, c.value), c.want));
  }

  it('writes a Volume as core/v1 declares it', () =>
    assert.equal(
      goEncode(VOLUME_ENCODING, { hostPath: { type: '', path: '/x' }, name: 'h', foo: 1 }),
      '{"name":"h","hostPath":{"path":"/x","type":""}}',
    ));
});
