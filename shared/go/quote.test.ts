import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { charOf, expandRun, goFormats, goVectors } from '../../infra/go-oracle/oracle.js';
import { goQuote } from './quote.js';

describe('goQuote against strconv.Quote (vectors Go printed)', () => {
  it('quotes every code point U+0000..U+10FFFF as Go does', (t) => {
    const wrong: string[] = [];
    let compared = 0;
    for (const [from, to, want] of goFormats().sweeps.quote) {
      for (let cp = from; cp <= to; cp++, compared++) {
        const got = goQuote(charOf(cp));
        if (got !== expandRun(want, cp)) wrong.push(`U+${cp.toString(16)}: ${got}`);
      }
    }
    t.diagnostic(
      `${compared} code points compared (${goFormats().go}, Unicode ${goFormats().unicode})`,
    );
    assert.equal(compared, 0x110000);
    assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} code points differ`);
  });

  it('quotes the string corpus as Go does', (t) => {
    const vectors = goVectors('quote');
    t.diagnostic(`${vectors.length} strings compared`);
    for (const v of vectors) assert.equal(goQuote(v.in as string), v.want, JSON.stringify(v.in));
  });
});
