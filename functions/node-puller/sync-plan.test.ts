import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeImage } from '../../shared/api/nodeimage.js';
import { planSync, type RunningWorker } from './sync-plan.js';

const nodeImage = (
  tags: { tag: string; version?: number }[],
  statuses: { tag: string; version?: number; completionTime?: string }[] = [],
): NodeImage => ({
  metadata: { name: 'node-a' },
  spec: { images: { app: { tags } } },
  status: {
    desired: tags.length,
    imageStatuses: { app: { tags: statuses.map((s) => ({ ...s, phase: 'Succeeded' as const })) } },
  },
});
const running = (...ws: RunningWorker[]) => new Map(ws.map((w) => [`${w.image}:${w.tag}`, w]));
const names = (xs: readonly { tag: string }[]) => xs.map((x) => x.tag);

describe("the worker pool's sync", () => {
  it('starts a worker for every tag without a finished status of its version', () => {
    const plan = planSync(
      nodeImage(
        [{ tag: 'a' }, { tag: 'b', version: 1 }, { tag: 'c', version: 2 }],
        [
          { tag: 'b', version: 1, completionTime: 't' },
          { tag: 'c', version: 1, completionTime: 't' },
        ],
      ),
      running(),
    );
    assert.deepEqual(
      [names(plan.start), names(plan.keep), names(plan.stop)],
      [['a', 'c'], ['b'], []],
    );
    assert.deepEqual([...plan.inSpec], ['app:a', 'app:b', 'app:c']);
  });

  it('leaves a running worker of the same version alone', () => {
    const plan = planSync(
      nodeImage([{ tag: 'a', version: 3 }]),
      running({ image: 'app', tag: 'a', version: 3 }),
    );
    assert.deepEqual([names(plan.start), names(plan.stop)], [[], []]);
  });

  it('restarts a worker whose version changed and stops one whose tag left', () => {
    const plan = planSync(
      nodeImage([{ tag: 'a', version: 4 }]),
      running({ image: 'app', tag: 'a', version: 3 }, { image: 'app', tag: 'gone', version: 0 }),
    );
    assert.deepEqual([names(plan.start), names(plan.stop)], [['a'], ['a', 'gone']]);
  });

  it('counts a finished status this process holds though the object does not show it yet', () => {
    const held = new Map([
      ['app:a', { tag: 'a', phase: 'Succeeded' as const, version: 2, completionTime: 't' }],
    ]);
    const plan = planSync(nodeImage([{ tag: 'a', version: 2 }]), running(), held);
    assert.deepEqual([names(plan.start), names(plan.keep)], [[], ['a']]);
    const older = planSync(nodeImage([{ tag: 'a', version: 3 }]), running(), held);
    assert.deepEqual(names(older.start), ['a']);
  });

  it('stops a worker whose tag has meanwhile finished', () => {
    const plan = planSync(
      nodeImage([{ tag: 'a' }], [{ tag: 'a', completionTime: 't' }]),
      running({ image: 'app', tag: 'a', version: 0 }),
    );
    assert.deepEqual([names(plan.start), names(plan.stop), names(plan.keep)], [[], ['a'], ['a']]);
  });
});
