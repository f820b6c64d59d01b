import type { DecodedContainer, DecodedPod } from '../../../shared/api/decoded.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KruiseFnError } from '../../../shared/errors.js';
import { applyLaunchPriority } from './launch-priority.js';

const request = { operation: 'CREATE', resource: 'pods', randomSuffix: () => 'x2b4z' };
const barrier = (pod: string, priority: number | string) => ({
  name: 'KRUISE_CONTAINER_BARRIER',
  valueFrom: { configMapKeyRef: { name: `${pod}-barrier`, key: `p_${priority}` } },
});
const prio = (value: string) => ({ name: 'KRUISE_CONTAINER_PRIORITY', value });
const podWith = (
  containers: DecodedContainer[],
  annotations?: Record<string, string>,
): DecodedPod => ({
  metadata: { name: 'fake', ...(annotations && { annotations }) },
  spec: { containers, initContainers: [{ name: 'init' }] },
});

// OpenKruise TestContainerLaunchPriorityInitialization, plus the env rules of SPEC §3.
const cases: { name: string; pod: DecodedPod; want: DecodedContainer[] }[] = [
  {
    name: 'no priority: unchanged',
    pod: podWith([{ name: 'a' }, { name: 'b' }]),
    want: [{ name: 'a' }, { name: 'b' }],
  },
  {
    name: 'Ordered annotation: 0, -1, -2',
    pod: podWith([{ name: 'a' }, { name: 'b' }, { name: 'c', env: [prio('5')] }], {
      'apps.kruise.io/container-launch-priority': 'Ordered',
    }),
    want: [
      { name: 'a', env: [barrier('fake', 0)] },
      { name: 'b', env: [barrier('fake', -1)] },
      { name: 'c', env: [prio('5'), barrier('fake', -2)] },
    ],
  },
  {
    name: 'annotation value is case-sensitive',
    pod: podWith([{ name: 'a' }, { name: 'b' }], {
      'apps.kruise.io/container-launch-priority': 'ordered',
    }),
    want: [{ name: 'a' }, { name: 'b' }],
  },
  {
    name: 'env priorities, last occurrence wins, missing = 0',
    pod: podWith([{ name: 'a', env: [prio('3'), prio('1')] }, { name: 'b' }]),
    want: [
      { name: 'a', env: [prio('3'), prio('1'), barrier('fake', 1)] },
      { name: 'b', env: [barrier('fake', 0)] },
    ],
  },
  {
    name: 'all equal non-zero: unchanged',
    pod: podWith([
      { name: 'a', env: [prio('2')] },
      { name: 'b', env: [prio('+2')] },
    ]),
    want: [
      { name: 'a', env: [prio('2')] },
      { name: 'b', env: [prio('+2')] },
    ],
  },
  {
    name: 'single container: unchanged',
    pod: podWith([{ name: 'a', env: [prio('1')] }]),
    want: [{ name: 'a', env: [prio('1')] }],
  },
];

describe('applyLaunchPriority', () => {
  for (const c of cases) {
    it(c.name, () => {
      const out = applyLaunchPriority(c.pod, request);
      assert.deepStrictEqual(out.spec?.containers, c.want);
      assert.deepStrictEqual(
        out.spec?.initContainers,
        [{ name: 'init' }],
        'init containers untouched',
      );
    });
  }

  it('names a generateName pod (58-byte base + suffix) so the barrier ConfigMap name exists', () => {
    const base = 'a'.repeat(60);
    const pod: DecodedPod = {
      metadata: { generateName: base },
      spec: { containers: [{ name: 'a', env: [prio('1')] }, { name: 'b' }] },
    };
    const out = applyLaunchPriority(pod, request);
    const name = `${'a'.repeat(58)}x2b4z`;
    assert.deepStrictEqual(out, {
      metadata: { generateName: base, name },
      spec: {
        containers: [
          { name: 'a', env: [prio('1'), barrier(name, 1)] },
          { name: 'b', env: [barrier(name, 0)] },
        ],
      },
    });
  });

  it('fails pod creation with the Go parse error', () => {
    assert.throws(
      () =>
        applyLaunchPriority(podWith([{ name: 'a', env: [prio('abc')] }, { name: 'b' }]), request),
      (e: unknown) =>
        e instanceof KruiseFnError && e.message === 'strconv.Atoi: parsing "abc": invalid syntax',
    );
  });

  it('does nothing for UPDATE or a subresource', () => {
    const pod = podWith([{ name: 'a' }, { name: 'b' }], {
      'apps.kruise.io/container-launch-priority': 'Ordered',
    });
    assert.equal(applyLaunchPriority(pod, { ...request, operation: 'UPDATE' }), pod);
    assert.equal(applyLaunchPriority(pod, { ...request, subResource: 'status' }), pod);
  });
});
