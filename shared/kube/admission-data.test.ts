import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { AdmissionReads, KubeObject } from './admission-reads.js';
import { cachedAdmissionData } from './admission-data.js';

/** AdmissionReads over a SidecarSet list the test edits; other reads are unused here. */
function fakeReads() {
  let items: KubeObject[] = [];
  let lists = 0;
  const reads: AdmissionReads = {
    listSidecarSets: async () => {
      lists += 1;
      return items.map((o) => structuredClone(o));
    },
    namespaceLabels: async () => undefined,
    readControllerRevision: async () => undefined,
    listControllerRevisions: async () => [],
    readConfigMap: async () => undefined,
  };
  return { reads, set: (next: KubeObject[]) => (items = next), lists: () => lists };
}

const sidecarSet = (name: string, resourceVersion: string): KubeObject => ({
  metadata: { name, uid: `uid-${name}`, resourceVersion },
});

describe('cachedAdmissionData', () => {
  it('hands out the same array across refreshes that find no change', async () => {
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
    assert.equal(fake.lists(), 3);
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
    } finally {
      mock.timers.reset();
    }
  });
});
