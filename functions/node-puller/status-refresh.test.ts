import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refreshAfterMs, resyncDelayMs, statusWriteDue } from './status-refresh.js';

const MIN = 60_000;
const H = 60 * MIN;

describe("the daemon's periodic status resend", () => {
  it('checks every 20 to 30 minutes', () => {
    assert.equal(resyncDelayMs(0), 20 * MIN);
    assert.equal(resyncDelayMs(0.5), 25 * MIN);
    assert.ok(resyncDelayMs(0.999999) < 30 * MIN);
  });

  it('sends an unchanged status again after 12 h plus up to an hour', () => {
    assert.equal(refreshAfterMs(0), 12 * H);
    assert.equal(refreshAfterMs(0.25), 12 * H + 15 * MIN);
    assert.ok(refreshAfterMs(0.999999) < 13 * H);
  });

  const cases: [string, boolean, number | undefined, number, number, boolean][] = [
    ['a changed status, just written', true, 0, 1, 0, true],
    ['an unchanged status, never written', false, undefined, 0, 0, true],
    ['an unchanged status, written 11 h ago', false, 0, 11 * H, 0, false],
    ['an unchanged status, 12 h ago, draw 0', false, 0, 12 * H, 0, true],
    [
      'an unchanged status, 12 h 30 min ago, draw 0.75 (12 h 45 min)',
      false,
      0,
      12.5 * H,
      0.75,
      false,
    ],
    ['an unchanged status, 13 h ago, any draw', false, 0, 13 * H, 0.999999, true],
  ];
  for (const [name, changed, last, now, random, due] of cases) {
    it(`${due ? 'writes' : 'skips'} ${name}`, () =>
      assert.equal(statusWriteDue(changed, last, now, random), due));
  }
});
