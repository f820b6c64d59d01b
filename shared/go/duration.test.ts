/** Values as Go's time package documents and prints them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoDuration, parseGoDuration } from './duration.js';

describe('time.ParseDuration', () => {
  const ok: [string, bigint][] = [
    ['0', 0n],
    ['12h', 43_200_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['-1.5s', -1_500_000_000n],
    ['+5m', 300_000_000_000n],
    ['300ms', 300_000_000n],
    ['2h45m10.5s', 9_910_500_000_000n],
    ['1µs', 1_000n],
    ['1us', 1_000n],
    ['.5s', 500_000_000n],
    ['5.s', 5_000_000_000n],
  ];
  for (const [text, ns] of ok) it(text, () => assert.equal(parseGoDuration(text), ns));
  for (const bad of ['', '12', 'h', '1d', '1.h2', '.s', '-', '9999999999h'])
    it(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseGoDuration(bad), undefined));
});

describe('time.Duration.String', () => {
  const table: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1_500n, '1.5µs'],
    [2_000_000n, '2ms'],
    [-1_000_000_000n, '-1s'],
    [90_000_000_000n, '1m30s'],
    [43_200_000_000_000n, '12h0m0s'],
    [9_910_500_000_000n, '2h45m10.5s'],
  ];
  for (const [ns, text] of table) it(text, () => assert.equal(formatGoDuration(ns), text));
});
