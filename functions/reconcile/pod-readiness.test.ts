import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, PodCondition } from '../../shared/api/core/core-v1.js';
import { addNotReadyKey, dumpMessages, parseMessages, removeNotReadyKey } from './pod-readiness.js';

const NOW = new Date('2025-04-10T06:22:26.500Z');
const T = '2025-04-10T06:22:26Z';
const CRR = { userAgent: 'ContainerRecreateRequest', key: 'jobs/crr-1' };
const HELD = '[{"userAgent":"ContainerRecreateRequest","key":"jobs/crr-1"}]';

const pod = (
  conditions: PodCondition[] | undefined,
  gates: string[] = ['KruisePodReady'],
): Pod => ({
  metadata: { name: 'p', namespace: 'jobs' },
  spec: {
    containers: [{ name: 'app' }],
    readinessGates: gates.map((conditionType) => ({ conditionType })),
  },
  status: { phase: 'Running', ...(conditions !== undefined && { conditions }) },
});

describe('readiness messages', () => {
  const parses: { text: string | undefined; want: unknown }[] = [
    { text: undefined, want: [] },
    { text: '', want: [] },
    { text: 'not json', want: [] },
    { text: '{"userAgent":"a","key":"b"}', want: [] },
    { text: '[{"userAgent":"a","key":"b"}]', want: [{ userAgent: 'a', key: 'b' }] },
    // encoding/json: field names match case-insensitively, wrong types and non-objects are zero.
    { text: '[{"UserAgent":"a","KEY":"b"}]', want: [{ userAgent: 'a', key: 'b' }] },
    {
      text: '[{"userAgent":1,"key":"b"},null,3]',
      want: [
        { userAgent: '', key: 'b' },
        { userAgent: '', key: '' },
        { userAgent: '', key: '' },
      ],
    },
  ];
  for (const p of parses) {
    it(`parses ${JSON.stringify(p.text)}`, () =>
      assert.deepStrictEqual(parseMessages(p.text), p.want));
  }

  it('dumps sorted by user agent then key, as Go marshals them', () => {
    assert.equal(
      dumpMessages([
        { userAgent: 'b', key: 'x' },
        { userAgent: 'a', key: 'z<' },
        { userAgent: 'a', key: 'y' },
      ]),
      '[{"userAgent":"a","key":"y"},{"userAgent":"a","key":"z\\u003c"},{"userAgent":"b","key":"x"}]',
    );
    assert.equal(dumpMessages([]), '[]');
  });
});

describe('addNotReadyKey', () => {
  const cases: { name: string; pod: Pod; want: PodCondition[] | undefined }[] = [
    {
      name: 'adds the condition without a status when absent (Ready untouched while containers are not ready)',
      pod: pod([{ type: 'Ready', status: 'True' }]),
      want: [
        { type: 'Ready', status: 'True' },
        { type: 'KruisePodReady', status: '', lastTransitionTime: T, message: HELD },
      ],
    },
    {
      name: 'turns Ready False with every unready gate once the containers are ready',
      pod: pod(
        [
          { type: 'Ready', status: 'True', lastTransitionTime: '2025-04-10T06:00:00Z' },
          { type: 'ContainersReady', status: 'True' },
        ],
        ['KruisePodReady', 'example.com/Other'],
      ),
      want: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'ReadinessGatesNotReady',
          message:
            'the status of pod readiness gate "KruisePodReady" is not "True", but , corresponding condition of pod readiness gate "example.com/Other" does not exist.',
        },
        { type: 'ContainersReady', status: 'True' },
        { type: 'KruisePodReady', status: '', lastTransitionTime: T, message: HELD },
      ],
    },
    {
      name: 'joins other writers on an existing condition and turns it False',
      pod: pod([
        { type: 'KruisePodReady', status: 'True', message: '[{"userAgent":"Z","key":"k"}]' },
      ]),
      want: [
        {
          type: 'KruisePodReady',
          status: 'False',
          message:
            '[{"userAgent":"ContainerRecreateRequest","key":"jobs/crr-1"},{"userAgent":"Z","key":"k"}]',
          lastTransitionTime: T,
        },
      ],
    },
    {
      name: 'writes nothing when the hold is already there',
      pod: pod([{ type: 'KruisePodReady', status: 'False', message: HELD }]),
      want: undefined,
    },
    {
      name: 'writes nothing when a True condition still lists the hold',
      pod: pod([{ type: 'KruisePodReady', status: 'True', message: HELD }]),
      want: undefined,
    },
    { name: 'writes nothing for a pod without the gate', pod: pod(undefined, []), want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const status = addNotReadyKey(c.pod, CRR, NOW);
      assert.deepStrictEqual(
        status,
        c.want === undefined ? undefined : { ...c.pod.status, conditions: c.want },
      );
    });
  }
});

describe('removeNotReadyKey', () => {
  const cases: { name: string; pod: Pod; want: PodCondition[] | undefined }[] = [
    {
      name: 'turns the condition True, message "[]", when the last hold goes',
      pod: pod([{ type: 'KruisePodReady', status: 'False', message: HELD }]),
      want: [{ type: 'KruisePodReady', status: 'True', message: '[]', lastTransitionTime: T }],
    },
    {
      name: 'keeps it False while another writer holds it',
      pod: pod([
        {
          type: 'KruisePodReady',
          status: 'False',
          message:
            '[{"userAgent":"Z","key":"k"},{"userAgent":"ContainerRecreateRequest","key":"jobs/crr-1"}]',
        },
      ]),
      want: [
        {
          type: 'KruisePodReady',
          status: 'False',
          message: '[{"userAgent":"Z","key":"k"}]',
          lastTransitionTime: T,
        },
      ],
    },
    {
      name: 'writes nothing when the hold is not there',
      pod: pod([
        { type: 'KruisePodReady', status: 'False', message: '[{"userAgent":"Z","key":"k"}]' },
      ]),
      want: undefined,
    },
    { name: 'writes nothing without the condition', pod: pod([]), want: undefined },
    {
      name: 'writes nothing for a pod without the gate',
      pod: pod([{ type: 'KruisePodReady', status: 'False', message: HELD }], []),
      want: undefined,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const status = removeNotReadyKey(c.pod, CRR, NOW);
      assert.deepStrictEqual(
        status,
        c.want === undefined ? undefined : { ...c.pod.status, conditions: c.want },
      );
    });
  }
});
