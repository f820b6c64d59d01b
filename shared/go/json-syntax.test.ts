import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import { goJsonSyntaxError } from './json-syntax.js';

describe('goJsonSyntaxError against json.Unmarshal (vectors Go printed)', () => {
  it('reports the syntax error Go reports, or none', (t) => {
    const vectors = goVectors('syntax');
    t.diagnostic(`${vectors.length} texts compared`);
    for (const v of vectors) {
      assert.equal(goJsonSyntaxError(v.in as string) ?? '', v.want, JSON.stringify(v.in));
    }
  });
});
