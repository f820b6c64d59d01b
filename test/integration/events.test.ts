/**
 * Events written as client-go's recorder leaves them in the apiserver: the
 * same event twice is one Event with count 2 (also when two invocations
 * write it at once), another message is another Event, and an Event gone
 * (its TTL) is written anew. They are written as the reconcile function's
 * chart ServiceAccount (chart-identity.ts), read and deleted as admin.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { eventName, events, recordEvent, writeEvent } from '../../shared/kube/events.js';
import { kubeClient, type KubeClient } from '../../shared/kube/client.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { chartIdentity } from '../support/chart-identity.js';
import { sharedControlPlane, testNamespace } from '../support/control-plane.js';

const COMPONENT = 'sidecarset-controller';
let client: KubeClient;
/** The reconcile function's client. */
let writer: KubeClient;
let namespace: string;
const { lines, destination } = captureLines();
const log = createLogger({ destination, level: 0, format: 'text', env: {} });

before(async () => {
  const cp = await sharedControlPlane();
  client = kubeClient(cp.kubeConfig);
  writer = kubeClient((await chartIdentity(cp, 'reconcile')).kubeConfig);
  namespace = await testNamespace(cp.kubeConfig, 'events');
});

const involved = (name: string) => ({
  kind: 'SidecarSet',
  apiVersion: 'apps.kruise.io/v1alpha1',
  name,
  namespace,
  uid: `uid-${name}`,
});

const listed = async (name: string) =>
  (await client.list(events, { namespace, fieldSelector: `involvedObject.name=${name}` })).items
    .map((e) => ({
      message: e.message,
      count: e.count,
      first: e.firstTimestamp,
      last: e.lastTimestamp,
    }))
    .sort((a, b) => (a.message ?? '').localeCompare(b.message ?? ''));

describe('Events', () => {
  it('count the same event again on the one Event', async () => {
    const e = recordEvent(involved('a'), 'Normal', 'PodUpgraded', 'upgraded 2 pods');
    await writeEvent(writer, e, COMPONENT, new Date('2026-12-01T10:00:00Z'), log);
    await writeEvent(writer, e, COMPONENT, new Date('2026-12-01T10:05:00Z'), log);
    assert.deepStrictEqual(await listed('a'), [
      {
        message: 'upgraded 2 pods',
        count: 2,
        first: '2026-12-01T10:00:00Z',
        last: '2026-12-01T10:05:00Z',
      },
    ]);
  });

  it('keep another message apart', async () => {
    const at = new Date('2026-12-01T10:00:00Z');
    await writeEvent(writer, recordEvent(involved('b'), 'Warning', 'R', 'one'), COMPONENT, at, log);
    await writeEvent(writer, recordEvent(involved('b'), 'Warning', 'R', 'two'), COMPONENT, at, log);
    assert.deepStrictEqual(
      (await listed('b')).map((e) => [e.message, e.count]),
      [
        ['one', 1],
        ['two', 1],
      ],
    );
  });

  it('count every one of 5 written at once', async () => {
    const e = recordEvent(involved('c'), 'Normal', 'R', 'at once');
    await Promise.all(
      Array.from({ length: 5 }, () => writeEvent(writer, e, COMPONENT, new Date(), log)),
    );
    assert.deepStrictEqual(
      (await listed('c')).map((x) => x.count),
      [5],
    );
    assert.deepStrictEqual(lines, [], 'nothing failed');
  });

  it('start again at 1 once the Event is gone', async () => {
    const e = recordEvent(involved('d'), 'Normal', 'R', 'again');
    await writeEvent(writer, e, COMPONENT, new Date(), log);
    await client.delete(events, { namespace, name: eventName(e, COMPONENT) });
    await writeEvent(writer, e, COMPONENT, new Date(), log);
    assert.deepStrictEqual(
      (await listed('d')).map((x) => x.count),
      [1],
    );
  });
});
