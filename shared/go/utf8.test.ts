import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import { compareGoStrings, goStringFromBytes, wellFormed } from './utf8.js';

describe('goStringFromBytes against Go JSON-decoding the same bytes (vectors Go printed)', () => {
  it('replaces each invalid byte by U+FFFD as Go does', (t) => {
    const vectors = goVectors('utf8');
    t.diagnostic(`${vectors.length} byte strings compared`);
    for (const v of vectors) {
      assert.equal(goStringFromBytes(Buffer.from(v.in as string, 'hex')), v.want, String(v.in));
    }
  });
});

describe('utf8 helpers', () => {
  it('wellFormed replaces lone surrogates only', () => {
    assert.equal(wellFormed('a\ud800b\udfff\ud83d\ude00'), 'a\ufffdb\ufffd\ud83d\ude00');
  });
  it('compareGoStrings orders by code point, astral after U+FFFF', () => {
    assert.deepEqual(['\u{10000}', '\uffff', 'a'].sort(compareGoStrings), [
      'a',
      '\uffff',
      '\u{10000}',
    ]);
  });
});
