import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadTime } from './load-time.js';
import { median, sizeTable, type LoadFigures } from './size-table.js';

describe('median', () => {
  const cases: { name: string; samples: number[]; want: number }[] = [
    { name: 'is the one sample of one', samples: [7], want: 7 },
    {
      name: 'is the middle of an odd count, unsorted',
      samples: [130, 120, 250, 118, 125],
      want: 125,
    },
    {
      name: 'is the mean of the two middle ones of an even count',
      samples: [4, 1, 3, 2],
      want: 2.5,
    },
    { name: 'keeps fractions', samples: [0.5, 0.25], want: 0.375 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(median(c.samples), c.want));
  }

  it('leaves its input in order', () => {
    const samples = [3, 1, 2];
    median(samples);
    assert.deepStrictEqual(samples, [3, 1, 2]);
  });

  it('refuses no samples', () => {
    assert.throws(() => median([]), /median of no samples/);
  });
});

const root = '/repo';
const bundles = [
  { outfile: '/repo/dist/admission/knative.js', bytes: 629_658, gzipBytes: 189_235 },
  { outfile: '/repo/dist/admission/lambda.js', bytes: 606_822, gzipBytes: 181_043 },
  { outfile: '/repo/dist/puller/main.js', bytes: 10_240, gzipBytes: 4_096 },
];
const measured = (...samplesMs: number[]): LoadTime => ({ samplesMs });
const loads = (
  knative: LoadTime,
  lambda: LoadTime,
  baseline: LoadTime = measured(58, 60, 57),
): LoadFigures => ({
  runs: 3,
  baseline,
  byOutfile: new Map([
    ['/repo/dist/admission/knative.js', knative],
    ['/repo/dist/admission/lambda.js', lambda],
  ]),
});
const FOOTNOTE =
  'load ms: process start → `handler` exported (lambda) or "Serving" logged (knative), ' +
  "median of 3 runs in a fresh node; over node: less the empty node's median.";

describe('sizeTable', () => {
  const cases: { name: string; loads?: LoadFigures; want: string[] }[] = [
    {
      name: 'prints sizes only when load times were not measured',
      want: [
        'bundle                          size       gzip',
        'dist/admission/knative.js  614.9 KiB  184.8 KiB',
        'dist/admission/lambda.js   592.6 KiB  176.8 KiB',
        'dist/puller/main.js         10.0 KiB    4.0 KiB',
      ],
    },
    {
      name: 'adds median, max and the difference to an empty node, and a baseline row',
      loads: loads(measured(140.4, 133.6, 151), measured(121, 119.5, 180.2)),
      want: [
        'bundle                          size       gzip  load ms  max ms  over node',
        'dist/admission/knative.js  614.9 KiB  184.8 KiB      140     151        +82',
        'dist/admission/lambda.js   592.6 KiB  176.8 KiB      121     180        +63',
        'dist/puller/main.js         10.0 KiB    4.0 KiB        –',
        'node (empty process)                                  58      60',
        '',
        FOOTNOTE,
      ],
    },
    {
      name: 'marks a failed measurement and prints why under the table',
      loads: loads(
        { error: 'timed out after 5000 ms waiting for the "Serving" log line' },
        measured(50, 52, 51),
      ),
      want: [
        'bundle                          size       gzip  load ms  max ms  over node',
        'dist/admission/knative.js  614.9 KiB  184.8 KiB   failed',
        'dist/admission/lambda.js   592.6 KiB  176.8 KiB       51      52         -7',
        'dist/puller/main.js         10.0 KiB    4.0 KiB        –',
        'node (empty process)                                  58      60',
        '',
        FOOTNOTE,
        'dist/admission/knative.js: load time not measured: timed out after 5000 ms waiting for the "Serving" log line',
      ],
    },
    {
      name: 'leaves the difference out when the baseline failed',
      loads: loads(measured(140), measured(121), { error: 'node could not start (spawn ENOENT)' }),
      want: [
        'bundle                          size       gzip  load ms  max ms  over node',
        'dist/admission/knative.js  614.9 KiB  184.8 KiB      140     140',
        'dist/admission/lambda.js   592.6 KiB  176.8 KiB      121     121',
        'dist/puller/main.js         10.0 KiB    4.0 KiB        –',
        'node (empty process)                              failed',
        '',
        FOOTNOTE,
        'node (empty process): load time not measured: node could not start (spawn ENOENT)',
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(sizeTable(bundles, root, c.loads), c.want.join('\n')));
  }
});
