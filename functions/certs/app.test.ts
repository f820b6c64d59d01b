import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KruiseFnError } from '../../shared/errors.js';
import { createApp } from './app.js';
import type { SyncResult } from './sync.js';
import { captureLog } from './test-fixtures.js';

const ok: SyncResult = { mode: 'self-signed', secret: 'unchanged', written: [], problems: [] };

describe('certs app', () => {
  const cases = [
    { name: 'POST /sync answers 200 with the result', path: '/sync', result: ok, status: 200 },
    { name: 'a CloudEvent to / runs a sync too', path: '/', result: ok, status: 200 },
    {
      name: 'a sync with problems answers 503 with them',
      path: '/sync',
      result: {
        ...ok,
        problems: ['not found MutatingWebhookConfiguration kruise-mutating-webhook-configuration'],
      },
      status: 503,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { log } = captureLog();
      const app = createApp({ log, sync: async () => c.result });
      const res = await app.request(c.path, { method: 'POST', body: '{"ignored":true}' });
      assert.equal(res.status, c.status);
      assert.deepEqual(await res.json(), c.result);
    });
  }

  it('answers /healthz', async () => {
    const { log } = captureLog();
    const res = await createApp({ log, sync: async () => ok }).request('/healthz');
    assert.deepEqual([res.status, await res.text()], [200, 'ok']);
  });

  it('turns a failed sync into a 500 with our message only, and logs it', async () => {
    const { log, lines } = captureLog();
    const app = createApp({
      log,
      sync: async () => {
        throw new KruiseFnError('update secret: API status 403');
      },
    });
    const res = await app.request('/sync', { method: 'POST' });
    assert.deepEqual(
      [res.status, await res.json()],
      [500, { error: 'update secret: API status 403' }],
    );
    const [line] = lines();
    assert.equal(line?.['msg'], 'Failed to sync webhook certs and configurations');
    assert.equal(line?.['controller'], 'webhook-controller');
    assert.deepEqual(
      (line?.['err'] as { message?: string }).message,
      'update secret: API status 403',
    );
  });

  it('hides the message of an unexpected error', async () => {
    const { log } = captureLog();
    const app = createApp({
      log,
      sync: async () => Promise.reject(new Error('socket hang up at 10.0.0.1')),
    });
    const res = await app.request('/sync', { method: 'POST' });
    assert.deepEqual([res.status, await res.json()], [500, { error: 'internal error' }]);
  });

  it('runs overlapping triggers one after the other', async () => {
    const { log } = captureLog();
    const events: string[] = [];
    let n = 0;
    const app = createApp({
      log,
      sync: async () => {
        const id = ++n;
        events.push(`start ${id}`);
        await new Promise((r) => setImmediate(r));
        events.push(`end ${id}`);
        return ok;
      },
    });
    await Promise.all([
      app.request('/sync', { method: 'POST' }),
      app.request('/sync', { method: 'POST' }),
    ]);
    assert.deepEqual(events, ['start 1', 'end 1', 'start 2', 'end 2']);
  });
});
