import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadEvent } from '../../events/load.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import type { Batch } from './intake/batch.js';
import { createLambdaHandler } from './lambda-handler.js';
import type { BatchSummary } from './reconcile-batch.js';

const SUMMARY: BatchSummary = { named: 0, skipped: 0, keys: 0, outcomes: {}, leftToResync: [] };
const NOT_OURS =
  'not an event the reconcile function takes: a CloudWatch Logs subscription (awslogs.data) or an EventBridge Scheduled Event';

/** A handler whose reconcile records the batches it is given. */
function handlerOf(reconcile: (batch: Batch) => Promise<BatchSummary> = async () => SUMMARY) {
  const { lines, destination } = captureLines();
  const log = createLogger({ destination, level: 0, format: 'json', env: {} });
  const batches: Batch[] = [];
  const handler = createLambdaHandler({
    log,
    reconcile: (batch) => {
      batches.push(batch);
      return reconcile(batch);
    },
  });
  return { handler, batches, lines };
}

describe('createLambdaHandler', () => {
  it('answers both EventBridge schedule shapes with a resync', async () => {
    for (const name of ['eventbridge-rule', 'eventbridge-scheduler']) {
      const { handler, batches } = handlerOf();
      assert.deepStrictEqual(await handler(loadEvent('schedule', name)), SUMMARY, name);
      assert.deepStrictEqual(batches, [{ kind: 'resync' }], name);
    }
  });

  it('reconciles what a CloudWatch Logs subscription names, skipping a record cut short', async () => {
    const { handler, batches } = handlerOf();
    assert.deepStrictEqual(
      await handler(loadEvent('cloudwatch', 'audit-with-bad-record')),
      SUMMARY,
    );
    const [batch] = batches;
    assert.ok(batch?.kind === 'refs');
    assert.deepStrictEqual(
      [batch.refs.length, batch.skipped.map((s) => s.at)],
      [5, ['awslogs.data.logEvents.2.message', 'awslogs.data.logEvents.3.message']],
    );
  });

  const rule = () => loadEvent('schedule', 'eventbridge-rule');
  const rejected: { name: string; event: unknown; error: string }[] = [
    { name: 'no event', event: undefined, error: NOT_OURS },
    { name: 'null', event: null, error: NOT_OURS },
    { name: 'an array', event: [rule()], error: NOT_OURS },
    { name: 'a Function URL request', event: { version: '2.0', body: '{}' }, error: NOT_OURS },
    {
      name: 'a schedule of the wrong detail-type',
      event: { ...rule(), 'detail-type': 'Object Created' },
      error: NOT_OURS,
    },
    {
      name: 'a schedule from another source',
      event: { ...rule(), source: 'aws.s3' },
      error: NOT_OURS,
    },
    { name: 'a schedule without time', event: { ...rule(), time: undefined }, error: NOT_OURS },
    { name: 'awslogs without data', event: { awslogs: {} }, error: NOT_OURS },
    { name: 'awslogs.data not a string', event: { awslogs: { data: 7 } }, error: NOT_OURS },
    {
      name: 'awslogs.data that is not gzip',
      event: { awslogs: { data: Buffer.from('{}').toString('base64') } },
      error: 'awslogs.data is not gzip: incorrect header check',
    },
  ];
  for (const { name, event, error } of rejected) {
    it(`answers ${name} with {error}, reconciling nothing`, async () => {
      const { handler, batches, lines } = handlerOf();
      assert.deepStrictEqual(await handler(event), { error });
      assert.deepStrictEqual(batches, []);
      const line = JSON.parse(lines[0] ?? '{}') as { msg?: unknown; err?: unknown };
      assert.deepStrictEqual([lines.length, line.msg, line.err], [1, 'Rejected an event', error]);
    });
  }

  it('throws what is not bad input, so Lambda retries it', async () => {
    const { handler } = handlerOf(() => Promise.reject(new Error('socket hang up')));
    await assert.rejects(handler(rule()), /socket hang up/);
  });
});
