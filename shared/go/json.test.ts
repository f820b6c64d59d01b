import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { charOf, expandRun, goFormats, goVectors } from '../../infra/go-oracle/oracle.js';
import { goCompact, goJsonString, goMarshal } from './json.js';

describe('encoding/json output against Go (vectors Go printed)', () => {
  it('goJsonString writes every code point as json.Marshal does', (t) => {
    const wrong: string[] = [];
    let compared = 0;
    for (const [from, to, want] of goFormats().sweeps.jsonString) {
      for (let cp = from; cp <= to; cp++, compared++) {
        const got = goJsonString(charOf(cp));
        if (got !== expandRun(want, cp)) wrong.push(`U+${cp.toString(16)}: ${got}`);
      }
    }
    t.diagnostic(`${compared} code points compared`);
    assert.equal(compared, 0x110000);
    assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} code points differ`);
  });

  it('goMarshal writes decoded JSON (numbers, strings, nested maps and slices) as Go does', (t) => {
    const vectors = goVectors('marshal');
    t.diagnostic(`${vectors.length} documents compared`);
    for (const v of vectors) {
      assert.equal(goMarshal(JSON.parse(v.in as string)), v.want, String(v.in));
    }
  });

  it('goCompact writes a json.RawMessage as Go does', (t) => {
    const vectors = goVectors('compact');
    t.diagnostic(`${vectors.length} documents compared`);
    for (const v of vectors) assert.equal(goCompact(v.in as string), v.want, String(v.in));
  });
});
