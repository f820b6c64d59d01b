import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import { parseGoStringMap } from './json-decode.js';
import { wellFormed } from './utf8.js';

/** Keys and values as the Go strings they stand for (a lone surrogate is U+FFFD there). */
const asGo = (m: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [wellFormed(k), wellFormed(v)]));

describe('parseGoStringMap against json.Unmarshal into map[string]string (vectors Go printed)', () => {
  it('gives the map and the error Go gives', (t) => {
    const vectors = goVectors('stringMap');
    t.diagnostic(`${vectors.length} texts compared`);
    for (const v of vectors) {
      const got = parseGoStringMap(v.in as string);
      const want = v.want as { map: Record<string, string>; error?: string };
      assert.deepEqual(
        'map' in got ? { map: asGo(got.map) } : { map: asGo(got.partial), error: got.error },
        want,
        String(v.in),
      );
    }
  });
});
