import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVectors } from '../../infra/go-oracle/oracle.js';
import { goTimeParseError, goTimeString } from './time.js';

describe('metav1.Time against Go (vectors Go printed)', () => {
  it('refuses what time.Parse(time.RFC3339) refuses, with its message, and prints the rest as String() does', (t) => {
    const vectors = goVectors('time');
    t.diagnostic(`${vectors.length} texts compared`);
    for (const v of vectors) {
      const s = v.in as string;
      const error = goTimeParseError(s);
      assert.deepEqual(error === undefined ? { string: goTimeString(s) } : { error }, v.want, s);
    }
  });

  it('leaves a text Go would not decode as it is', () => {
    assert.equal(goTimeString('yesterday'), 'yesterday');
  });
});
