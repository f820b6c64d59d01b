import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { BadRequestError } from '../../../shared/errors.js';
import { allow, type AdmissionInput } from './decision.js';
import type { JsonObject } from '../../../shared/json.js';
import { runDecision } from './run-decision.js';

const input: AdmissionInput<JsonObject> = {
  uid: 'u',
  operation: 'CREATE',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  resource: { group: '', version: 'v1', resource: 'pods' },
  namespace: 'default',
  name: 'p',
  object: { kind: 'Pod' },
};

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino(stream), lines };
}

describe('runDecision', () => {
  it('returns the decision', async () => {
    const { log } = capture();
    assert.deepStrictEqual(await runDecision({ decide: () => allow() }, input, log), {
      allowed: true,
    });
  });

  const failures = [
    {
      name: 'our error keeps its code',
      err: new BadRequestError('bad spec'),
      code: 400,
      message: 'bad spec',
    },
    { name: 'any other error is code 500', err: new Error('boom'), code: 500, message: 'boom' },
    {
      name: 'a programming error shows no text',
      err: new TypeError("Cannot read properties of null (reading 'name')"),
      code: 500,
      message: 'internal error',
    },
    {
      name: 'nor does a RangeError',
      err: new RangeError('Invalid array length'),
      code: 500,
      message: 'internal error',
    },
  ];
  for (const f of failures) {
    it(`denies in band when the decision throws: ${f.name}`, async () => {
      const { log, lines } = capture();
      const failing = {
        decide: () => {
          throw f.err;
        },
      };
      const decision = await runDecision(failing, input, log);
      assert.deepStrictEqual(decision, { allowed: false, code: f.code, message: f.message });
      assert.equal(lines.length, 1);
      assert.equal(lines[0]?.['msg'], 'Admission decision failed');
      assert.equal((lines[0]?.['err'] as { message?: string }).message, f.err.message);
    });
  }
});
