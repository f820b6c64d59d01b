import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { measureLoadTimes, type LoadTime } from './load-time.js';

const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-load-time-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle of `source` as `<name>.js` in the temp dir. */
function bundle(entry: string, name: string, source: string) {
  const outfile = join(dir, `${name}.js`);
  writeFileSync(outfile, source);
  return { entry, outfile };
}

// The shape of a load time, not its value: figures belong to the bench.
const shapeOf = (load: LoadTime | undefined) =>
  load !== undefined && 'samplesMs' in load
    ? { samples: load.samplesMs.length, allPositive: load.samplesMs.every((ms) => ms > 0) }
    : load;

describe('measureLoadTimes', () => {
  it('times each probed bundle and an empty node, and says why a bundle could not be timed', async () => {
    const targets = [
      bundle('lambda', 'lambda-ok', 'export const handler = async () => ({ statusCode: 200 });'),
      bundle('lambda', 'lambda-throws', "throw new Error('boom at load');"),
      bundle('lambda', 'lambda-no-handler', 'export const handler = 42;'),
      bundle(
        'knative',
        'knative-ok',
        // What the project logger writes: `ts` is timeOrigin + now() (shared/log).
        "process.stderr.write(JSON.stringify({ ts: performance.timeOrigin + performance.now(), msg: 'Serving', port: 8080 }) + '\\n');\n" +
          'setInterval(() => undefined, 1000);',
      ),
      bundle('knative', 'knative-silent', 'setInterval(() => undefined, 1000);'),
      bundle('main', 'main', 'export {};'),
    ];

    const { baseline, byOutfile } = await measureLoadTimes(targets, { runs: 2, timeoutMs: 2_000 });

    assert.deepStrictEqual(shapeOf(baseline), { samples: 2, allPositive: true });
    assert.deepStrictEqual(
      Object.fromEntries(
        [...byOutfile].map(([file, load]) => [file.slice(dir.length + 1), shapeOf(load)]),
      ),
      {
        'lambda-ok.js': { samples: 2, allPositive: true },
        'lambda-throws.js': {
          error: 'the child exited with 1 before mark "handler": Error: boom at load',
        },
        'lambda-no-handler.js': {
          error: `the child exited with 1 before mark "handler": Error: file://${dir}/lambda-no-handler.js exports no handler function`,
        },
        'knative-ok.js': { samples: 2, allPositive: true },
        'knative-silent.js': {
          error: 'timed out after 2000 ms waiting for the "Serving" log line',
        },
      },
    );
  });
});
