/**
 * The admission function answers the fixed corpus of answer-corpus.ts exactly
 * as recorded: the same HTTP status and the same body bytes for every request.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusAnswers, GOLDEN } from './answer-corpus.js';

describe('admission answers to the fixed corpus', () => {
  it('are byte-identical to the recorded ones', async () => {
    const want = JSON.parse(readFileSync(GOLDEN, 'utf8')) as string[];
    const got = await corpusAnswers();
    assert.equal(got.length, want.length);
    const differ = got.flatMap((g, i) => (g === want[i] ? [] : [`#${i}: ${want[i]} → ${g}`]));
    assert.deepEqual(differ.slice(0, 20), [], `${differ.length} answers differ`);
  });
});
