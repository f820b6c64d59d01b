import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import type { AdmissionReads } from './admission-reads.js';
import { cachedAdmissionData } from './admission-data.js';

/** AdmissionReads over a SidecarSet list the test edits; other reads are unused here. */
function fakeReads() {
  let items: SidecarSet[] = [];
  const calls: string[] = [];
  const reads: AdmissionReads = {
    listSidecarSets: async () => {
      calls.push('list');
      return items.map((o) => structuredClone(o));
    },
    listSidecarSetMetadata: async () => {
      calls.push('metadata');
      return items.map((o) => ({ metadata: structuredClone(o.metadata) }));
    },
    namespaceLabels: async () => undefined,
    readControllerRevision: async () => undefined,
    listControllerRevisions: async () => [],
    readConfigMap: async () => undefined,
  };
  return {
    reads,
    set: (next: SidecarSet[]) => (items = next),
    calls,
    lists: () => calls.length,
  };
}

/** Only the metadata matters to the cache. */
const sidecarSet = (name: string, resourceVersion: string) =>
  ({ metadata: { name, uid: `uid-${name}`, resourceVersion } }) as SidecarSet;

describe('cachedAdmissionData', () => {
  it('checks the last list with a metadata list and hands out the same array while nothing changed', async () => {
    let clock = 0;
    const fake = fakeReads();
    fake.set([sidecarSet('a', '1')]);
    const data = cachedAdmissionData(fake.reads, { kruiseNamespace: 'k', now: () => clock });
    const first = await data.sidecarSets();
    clock += 501;
    const second = await data.sidecarSets();
    assert.equal(second, first);
    fake.set([sidecarSet('a', '2')]);
    clock += 501;
    const third = await data.sidecarSets();
    assert.notEqual(third, first);
    assert.deepStrictEqual(third, [sidecarSet('a', '2')]);
    assert.deepStrictEqual(fake.calls, ['list', 'metadata', 'metadata', 'list']);
  });

  it('starts the refresh timer on the first warm() only when asked to', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      let clock = 0;
      const fake = fakeReads();
      const timed = cachedAdmissionData(fake.reads, {
        kruiseNamespace: 'k',
        refreshEveryMs: 250,
        now: () => clock,
      });
      timed.warm();
      timed.warm();
      await timed.sidecarSets();
      assert.equal(fake.lists(), 1);
      // Reads take no time here, so the next is due 400 ms (the bound less 100 ms) after the first.
      clock += 400;
      mock.timers.tick(250);
      assert.equal(fake.lists(), 1);
      clock += 1;
      mock.timers.tick(250);
      assert.equal(fake.lists(), 2);

      const untimed = cachedAdmissionData(fake.reads, { kruiseNamespace: 'k', now: () => clock });
      untimed.warm();
      await untimed.sidecarSets();
      clock += 1000;
      mock.timers.tick(1000);
      assert.equal(fake.lists(), 4, 'the timed cache read once more, the untimed one once');
      assert.deepStrictEqual(
        fake.calls,
        ['list', 'metadata', 'list', 'metadata'],
        'after its first list, each cache checks with a metadata list',
      );
    } finally {
      mock.timers.reset();
    }
  });
});
