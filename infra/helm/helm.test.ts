import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shellWords } from './helm.js';
import { seedFlags } from './seed-install-lines.js';

describe('shellWords', () => {
  const cases: [string, string[]][] = [
    ['a  b', ['a', 'b']],
    ['--set-json x=\'{"a":"b c"}\'', ['--set-json', 'x={"a":"b c"}']],
    ['--set featureGates="A=true"', ['--set', 'featureGates=A=true']],
    ['a \\\n  b', ['a', 'b']],
    ["''", ['']],
  ];
  for (const [line, want] of cases) {
    it(`splits ${JSON.stringify(line)} as a shell does`, () => {
      assert.deepEqual(shellWords(line), want);
    });
  }

  it('refuses an unterminated quote', () => {
    assert.throws(() => shellWords("a 'b"), /unterminated ' in a 'b/);
  });
});

describe('seedFlags', () => {
  it('keeps the words after the chart reference', () => {
    assert.deepEqual(seedFlags('helm install kruise ... --set a=b'), ['--set', 'a=b']);
  });

  it('refuses a line that is not an install with `...`', () => {
    assert.throws(() => seedFlags('helm upgrade kruise x'), /not a seed install line/);
  });
});
