/**
 * The HTTP routes: each reads its input into a batch for reconcile and
 * answers its summary; input that is not what the route takes is a 400 with
 * a precise message (413 over the body cap) and reconciles nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadEvent } from '../../events/load.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { createApp } from './app.js';
import type { Batch } from './intake/batch.js';
import type { BatchSummary } from './reconcile-batch.js';
import { jsonError } from './test-support.js';

const SUMMARY: BatchSummary = {
  named: 1,
  skipped: 0,
  keys: 1,
  outcomes: { done: 1 },
  leftToResync: [],
};

function appOf(
  reconcile: () => Promise<BatchSummary> = async () => SUMMARY,
  maxBodyBytes?: number,
) {
  const log = createLogger({ destination: captureLines().destination, level: 0, env: {} });
  const batches: Batch[] = [];
  const app = createApp({
    log,
    reconcile: (batch) => {
      batches.push(batch);
      return reconcile();
    },
    ...(maxBodyBytes !== undefined && { maxBodyBytes }),
  });
  return { app, batches };
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  ({ method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }) as const;

const auditList = JSON.stringify(loadEvent('audit', 'pod-create-and-status'));
const cloudEvent = (name: string) => {
  const { headers, body } = loadEvent<{ headers: Record<string, string>; body: unknown }>(
    'cloudevents',
    name,
  );
  return { headers, body: JSON.stringify(body) };
};

describe('reconcile app', () => {
  const rejected: {
    name: string;
    path: string;
    body: string;
    headers?: Record<string, string>;
    status: number;
    error: string;
  }[] = [
    {
      name: 'an audit body that is not JSON',
      path: '/audit',
      body: '{"kind":',
      status: 400,
      error: `body is not JSON: ${jsonError('{"kind":')}`,
    },
    {
      name: 'an audit Event instead of an EventList',
      path: '/audit',
      body: JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', items: [] }),
      status: 400,
      error: "not an audit.k8s.io/v1 EventList: /kind: Expected 'EventList'",
    },
    {
      name: 'an empty audit body',
      path: '/audit',
      body: '',
      status: 400,
      error: `body is not JSON: ${jsonError('')}`,
    },
    {
      name: 'an audit body over the cap',
      path: '/audit',
      body: JSON.stringify({
        kind: 'EventList',
        apiVersion: 'audit.k8s.io/v1',
        items: [],
        pad: 'x'.repeat(2048),
      }),
      status: 413,
      error: 'request body is larger than 1024 bytes',
    },
    {
      name: 'a CloudEvent of a type it does not take',
      path: '/',
      ...(() => {
        const e = cloudEvent('ping.binary');
        return { body: e.body, headers: { ...e.headers, 'ce-type': 'com.example.tick' } };
      })(),
      status: 400,
      error: 'unknown CloudEvent type "com.example.tick"',
    },
    {
      name: 'a request that carries no CloudEvent',
      path: '/',
      body: '{}',
      status: 400,
      error: 'not a CloudEvent: no cloud event detected',
    },
    {
      name: 'a batch of CloudEvents',
      path: '/',
      body: '[]',
      headers: { 'content-type': 'application/cloudevents-batch+json' },
      status: 400,
      error: 'a batch of CloudEvents is not accepted',
    },
    {
      name: 'a CloudEvent over the cap',
      path: '/',
      ...(() => {
        const e = cloudEvent('ping.binary');
        return { body: JSON.stringify({ pad: 'x'.repeat(2048) }), headers: e.headers };
      })(),
      status: 413,
      error: 'request body is larger than 1024 bytes',
    },
  ];
  for (const { name, path, body, headers, status, error } of rejected) {
    it(`answers ${name} with ${status}, reconciling nothing`, async () => {
      const { app, batches } = appOf(undefined, 1024);
      const res = await app.request(path, post(path, body, headers));
      assert.deepStrictEqual([res.status, await res.json(), batches], [status, { error }, []]);
    });
  }

  it('reconciles what an audit EventList names and answers the summary', async () => {
    const { app, batches } = appOf();
    const res = await app.request('/audit', post('/audit', auditList));
    assert.deepStrictEqual([res.status, await res.json()], [200, SUMMARY]);
    assert.deepStrictEqual(
      batches.map((b) => (b.kind === 'refs' ? [b.refs.length, b.skipped.length] : b.kind)),
      [[2, 1]],
    );
  });

  it('reconciles a CloudEvent in either mode, and a ping as a resync', async () => {
    const { app, batches } = appOf();
    for (const name of [
      'resource-add-pod.binary',
      'resource-update-pod.structured',
      'ping.binary',
    ]) {
      const { headers, body } = cloudEvent(name);
      const res = await app.request('/', post('/', body, headers));
      assert.deepStrictEqual([res.status, await res.json()], [200, SUMMARY], name);
    }
    assert.deepStrictEqual(
      batches.map((b) => (b.kind === 'refs' ? b.refs.map((r) => `${r.verb} ${r.name}`) : b.kind)),
      [['create web-0'], ['update web-0'], 'resync'],
    );
  });

  it('answers a reconcile that throws with a plain 500', async () => {
    const { app } = appOf(() => Promise.reject(new TypeError('x is undefined')));
    const res = await app.request('/audit', post('/audit', auditList));
    assert.deepStrictEqual([res.status, await res.json()], [500, { error: 'internal error' }]);
  });

  it('answers /healthz', async () => {
    const res = await appOf().app.request('/healthz');
    assert.deepStrictEqual([res.status, await res.text()], [200, 'ok']);
  });
});
