import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../../infra/go-oracle/oracle.js';
import type { SidecarSetSpec } from '../../../shared/api/sidecarset.js';
import {
  controllerRevisionHash,
  controllerRevisionName,
  hashLabelNumber,
} from '../../../shared/history/revision-hash.js';
import { revisionData } from './revision-data.js';

describe('ControllerRevision data and names', () => {
  // Go decoded each spec into OpenKruise's types, built the data as getPatch does and hashed it
  // with FNV-1 and the decimal collision count (infra/go-oracle/vectors_revision.go).
  const vectors = goVectors('revision');
  it('has Go vectors', () => assert.ok(vectors.length >= 8));
  for (const v of vectors) {
    const { spec } = v.in as { spec: SidecarSetSpec };
    const want = v.want as { data: string; hashes: [string, string, string] };
    it(`records ${JSON.stringify(spec).slice(0, 70)}… as Go does`, () => {
      const data = revisionData(spec);
      assert.equal(data, want.data);
      assert.deepStrictEqual(
        [0, 1, 10].map((probe) => controllerRevisionHash(data, probe)),
        want.hashes,
      );
    });
  }

  it('cuts the prefix of a name to 223 bytes', () => {
    assert.equal(controllerRevisionName('log-set', '6f84bc646f'), 'log-set-6f84bc646f');
    assert.equal(controllerRevisionName('x'.repeat(300), 'h'), `${'x'.repeat(223)}-h`);
  });

  const labels = [
    { label: '6f84bc646f', want: undefined },
    { label: '5678', want: 5678 },
    { label: '+44', want: 44 },
    { label: '-1', want: 0xffffffff },
    { label: '2147483648', want: undefined },
    { label: '', want: undefined },
    { label: undefined, want: undefined },
  ];
  for (const c of labels) {
    it(`reads the hash label ${JSON.stringify(c.label)} as EqualRevision does`, () =>
      assert.equal(hashLabelNumber(c.label), c.want));
  }
});
