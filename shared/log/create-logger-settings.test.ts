import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger } from './create-logger.js';
import { NOW, captureLines, lineOf } from './test-support.js';
import { logV } from './verbosity.js';

describe('createLogger settings', () => {
  it('reads LOGGING_FORMAT and LOG_LEVEL from the environment', () => {
    const { lines, destination } = captureLines();
    const env = { LOGGING_FORMAT: 'json', LOG_LEVEL: '4' };
    const log = createLogger({ env, destination, now: () => NOW });
    logV(log, 5).info('Hidden');
    logV(log, 4).info('Shown');
    const line = lineOf(new Error()) - 1;
    assert.deepStrictEqual(lines, [
      `{"ts":${NOW},"caller":"log/create-logger-settings.test.ts:${line}","msg":"Shown","v":4}\n`,
    ]);
  });

  it('defaults to text at level 0', () => {
    const { lines, destination } = captureLines();
    const log = createLogger({ env: {}, destination, now: () => NOW, pid: 1 });
    logV(log, 1).info('Hidden');
    log.info('Shown');
    const line = lineOf(new Error()) - 1;
    assert.deepStrictEqual(lines, [
      `I1124 14:22:35.587919       1 create-logger-settings.test.ts:${line}] "Shown"\n`,
    ]);
  });

  const bad = [
    { env: { LOGGING_FORMAT: 'xml' }, message: 'LOGGING_FORMAT: "xml" is not one of text, json' },
    { env: { LOGGING_FORMAT: 'JSON' }, message: 'LOGGING_FORMAT: "JSON" is not one of text, json' },
    { env: { LOG_LEVEL: '6' }, message: 'LOG_LEVEL: "6" is not one of 0, 1, 2, 3, 4, 5' },
    { env: { LOG_LEVEL: 'debug' }, message: 'LOG_LEVEL: "debug" is not one of 0, 1, 2, 3, 4, 5' },
    { env: { LOG_LEVEL: '-1' }, message: 'LOG_LEVEL: "-1" is not one of 0, 1, 2, 3, 4, 5' },
  ];
  for (const c of bad) {
    it(`throws for ${JSON.stringify(c.env)}`, () => {
      assert.throws(() => createLogger({ env: c.env, destination: captureLines().destination }), {
        name: 'Error',
        message: c.message,
      });
    });
  }

  it('throws for a level option outside 0..5', () => {
    assert.throws(() => createLogger({ level: 7, destination: captureLines().destination }), {
      message: 'level: 7 is not one of 0, 1, 2, 3, 4, 5',
    });
  });

  it('writes to the injected destination only, leaving the root unchanged by children', () => {
    const { lines, destination } = captureLines();
    const root = createLogger({ format: 'json', destination, now: () => NOW });
    root.child({ controller: 'sidecarset' }).info('Child');
    root.info('Root');
    assert.deepStrictEqual(
      lines.map((l) => Object.keys(JSON.parse(l) as object)),
      [
        ['ts', 'caller', 'msg', 'controller', 'v'],
        ['ts', 'caller', 'msg', 'v'],
      ],
    );
  });

  it('writes to stderr by default, with settings from the environment', () => {
    const module = fileURLToPath(new URL('./create-logger.ts', import.meta.url));
    const code = [
      `import { createLogger } from ${JSON.stringify(module)};`,
      `createLogger({ now: () => ${NOW} }).info({ pod: 'p' }, 'To stderr');`,
    ].join('\n');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', code],
      {
        encoding: 'utf8',
        cwd: fileURLToPath(new URL('.', import.meta.url)),
        env: { ...process.env, LOGGING_FORMAT: 'json', LOG_LEVEL: '2' },
      },
    );
    assert.deepStrictEqual(
      [run.status, run.stdout, run.stderr],
      [0, '', `{"ts":${NOW},"caller":"log/[eval1]:2","msg":"To stderr","v":0,"pod":"p"}\n`],
    );
  });
});
