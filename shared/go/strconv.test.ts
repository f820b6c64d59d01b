import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import { goAtoi, goParseBool } from './strconv.js';

describe('strconv against Go (vectors Go printed)', () => {
  it('goAtoi answers as strconv.Atoi does', (t) => {
    const vectors = goVectors('atoi');
    t.diagnostic(`${vectors.length} inputs compared`);
    for (const v of vectors) {
      const got = goAtoi(v.in as string);
      const want = v.want as { value?: string; error?: string };
      assert.deepEqual('value' in got ? { value: String(got.value) } : got, want, String(v.in));
    }
  });

  it('goParseBool answers as strconv.ParseBool does', (t) => {
    const vectors = goVectors('parseBool');
    t.diagnostic(`${vectors.length} inputs compared`);
    for (const v of vectors) assert.deepEqual(goParseBool(v.in as string), v.want, String(v.in));
  });

  it('goParseBool refuses names of Object.prototype', () => {
    assert.deepEqual(goParseBool('constructor'), {
      error: 'strconv.ParseBool: parsing "constructor": invalid syntax',
    });
  });
});
