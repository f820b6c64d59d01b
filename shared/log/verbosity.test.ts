import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createLogger } from './create-logger.js';
import { NOW, captureLines } from './test-support.js';
import { logV } from './verbosity.js';

describe('logV', () => {
  const cases = [
    { level: 0, enabled: [true, false, false, false, false, false] },
    { level: 2, enabled: [true, true, true, false, false, false] },
    { level: 4, enabled: [true, true, true, true, true, false] },
    { level: 5, enabled: [true, true, true, true, true, true] },
  ];
  for (const c of cases) {
    it(`enables V0..V${c.level} at level ${c.level} and writes only those`, () => {
      const { lines, destination } = captureLines();
      const log = createLogger({ format: 'json', level: c.level, destination, now: () => NOW });
      const verbosities = [0, 1, 2, 3, 4, 5];
      assert.deepStrictEqual(
        verbosities.map((v) => logV(log, v).enabled),
        c.enabled,
      );
      for (const v of verbosities) logV(log, v).info({ at: v }, 'Line');
      const written = lines.map((l) => JSON.parse(l) as { v: number; at: number });
      assert.deepStrictEqual(
        written.map((l) => [l.v, l.at]),
        verbosities.filter((v) => c.enabled[v]).map((v) => [v, v]),
      );
    });
  }

  it('rejects a verbosity outside 0..5', () => {
    const log = createLogger({ destination: captureLines().destination });
    assert.throws(() => logV(log, 6), { message: 'verbosity: 6 is not one of 0, 1, 2, 3, 4, 5' });
  });

  it('uses debug on a logger not made by createLogger', () => {
    const { lines, destination } = captureLines();
    const plain = pino({ level: 'debug', base: null, timestamp: false }, destination);
    assert.equal(logV(plain, 3).enabled, true);
    logV(plain, 3).info('Plain');
    logV(plain, 0).info('Zero');
    assert.deepStrictEqual(lines, ['{"level":20,"msg":"Plain"}\n', '{"level":30,"msg":"Zero"}\n']);
  });
});
