import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLogFormat, parseLogLevel, toVerbosity } from './config.js';

describe('parseLogFormat', () => {
  const good = [
    { raw: undefined, want: 'text' },
    { raw: '', want: 'text' },
    { raw: 'text', want: 'text' },
    { raw: 'json', want: 'json' },
  ];
  for (const c of good) {
    it(`reads ${JSON.stringify(c.raw)} as ${c.want}`, () => {
      assert.equal(parseLogFormat(c.raw), c.want);
    });
  }
  for (const raw of ['xml', 'JSON', ' json']) {
    it(`rejects ${JSON.stringify(raw)} naming the allowed values`, () => {
      assert.throws(() => parseLogFormat(raw), {
        message: `LOGGING_FORMAT: ${JSON.stringify(raw)} is not one of text, json`,
      });
    });
  }
});

describe('parseLogLevel', () => {
  const good = [
    { raw: undefined, want: 0 },
    { raw: '', want: 0 },
    { raw: '0', want: 0 },
    { raw: '4', want: 4 },
    { raw: ' 5 ', want: 5 },
  ];
  for (const c of good) {
    it(`reads ${JSON.stringify(c.raw)} as ${c.want}`, () => {
      assert.equal(parseLogLevel(c.raw), c.want);
    });
  }
  for (const raw of ['6', '-1', '2.5', '1e0', 'debug', '0x2']) {
    it(`rejects ${JSON.stringify(raw)} naming the allowed values`, () => {
      assert.throws(() => parseLogLevel(raw), {
        message: `LOG_LEVEL: ${JSON.stringify(raw)} is not one of 0, 1, 2, 3, 4, 5`,
      });
    });
  }
});

describe('toVerbosity', () => {
  it('accepts 0..5 and names a bad value', () => {
    assert.equal(toVerbosity(3), 3);
    assert.throws(() => toVerbosity(Number.NaN), {
      message: 'level: NaN is not one of 0, 1, 2, 3, 4, 5',
    });
  });
});
