import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { UNKNOWN_CALLER, callerOf, captureCaller, fileOf, shortPath } from './caller.js';
import { lineOf } from './test-support.js';

describe('callerOf', () => {
  const cases = [
    {
      stack: 'Error\n    at run (/work/main/functions/admission/app.ts:12:5)',
      want: 'admission/app.ts:12',
    },
    { stack: 'Error\n    at /work/main/shared/kube/patch.ts:7:1', want: 'kube/patch.ts:7' },
    {
      stack: 'Error\n    at async handle (file:///var/task/dist/lambda.js:3:9)',
      want: 'dist/lambda.js:3',
    },
    { stack: 'Error\n    at f (file:///tmp/a%20b/x.ts:4:2)', want: 'a b/x.ts:4' },
    { stack: 'Error\n    at new Plan (C:\\src\\plan.ts:9:3)', want: 'src/plan.ts:9' },
    { stack: 'Error\n    at Array.map (<anonymous>)', want: UNKNOWN_CALLER },
    { stack: 'Error', want: UNKNOWN_CALLER },
    { stack: '', want: UNKNOWN_CALLER },
  ];
  for (const c of cases) {
    it(`reads ${JSON.stringify(c.stack.split('\n')[1] ?? c.stack)}`, () => {
      assert.equal(callerOf(c.stack), c.want);
    });
  }

  it('keeps a file without a parent directory as is', () => {
    assert.equal(shortPath('main.ts'), 'main.ts');
  });

  it('gives the text header its file and line only', () => {
    assert.equal(fileOf('sidecarset/sidecarset_processor.go:280'), 'sidecarset_processor.go:280');
  });
});

describe('captureCaller', () => {
  function logCall(): string {
    return captureCaller(logCall);
  }

  it('names the caller of the given function in the TypeScript source', () => {
    const got = logCall();
    assert.equal(got, `log/caller.test.ts:${lineOf(new Error()) - 1}`);
  });

  it('is unknown when the function is not on the stack', () => {
    assert.equal(
      captureCaller(() => undefined),
      UNKNOWN_CALLER,
    );
  });
});

describe('caller in an esbuild bundle run with source maps', () => {
  const index = fileURLToPath(new URL('./index.ts', import.meta.url));
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kruise-fn-log-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('points at the original .ts line', async () => {
    mkdirSync(join(dir, 'app'));
    const entry = join(dir, 'app', 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { createLogger } from ${JSON.stringify(index)};`,
        `const destination = { write: (s: string) => void process.stdout.write(s) };`,
        `const now = () => 1732458155587.919;`,
        `const json = createLogger({ format: 'json', level: 0, destination, now });`,
        `const text = createLogger({ format: 'text', level: 0, destination, now, pid: 7 });`,
        `json.info({ step: 1 }, 'Bundled');`,
        `text.info({ step: 2 }, 'Bundled');`,
        '',
      ].join('\n'),
    );
    await build({
      entryPoints: [entry],
      outfile: join(dir, 'dist', 'entry.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      sourcemap: true,
      logLevel: 'silent',
      // CommonJS dependencies (pino) call require() for Node built-ins.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    const out = execFileSync(
      process.execPath,
      ['--enable-source-maps', join(dir, 'dist', 'entry.js')],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(
      out,
      '{"ts":1732458155587.919,"caller":"app/entry.ts:6","msg":"Bundled","v":0,"step":1}\n' +
        'I1124 14:22:35.587919       7 entry.ts:7] "Bundled" step=2\n',
    );
  });
});
