/**
 * Property test of the Go-encoding model (shared/api/go-encoding.ts) against
 * Go itself: random values of every kind kruise-fn writes as Go does
 * (go-values.ts; GO_ENCODING_RUNS per kind, 2,000 by default) go through
 * one `go-oracle encode` process, which decodes each into the Go type and
 * answers json.Marshal's text; goMarshalAs must write the same bytes, value
 * by value. Every generated SidecarSet is also defaulted as the webhook
 * defaults it, and its two hash annotations must be the ones OpenKruise's
 * hash.go computes from Go's encoding. The seed is random and printed;
 * GO_ENCODING_SEED=<n> replays a run.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSidecarSetObject } from '../../functions/admission/sidecarset/defaults.js';
import type { DecodedSidecarSet } from '../../shared/api/decoded.js';
import { goMarshalAs, type GoRoot } from '../../shared/api/go-encoding.js';
import {
  SIDECARSET_HASH_ANNOTATION,
  SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION,
} from '../../shared/sidecarset/annotations.js';
import { goEncodeAll, type EncodeRequest } from '../../infra/go-oracle/oracle.js';
import { prng } from '../support/prng.js';
import { GoValues, type Override, type Rand } from './go-values.js';

const SEED = Number(process.env['GO_ENCODING_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env['GO_ENCODING_RUNS'] ?? 2_000);

const sometimes =
  (p: number, make: Override): Override =>
  (r, gen) =>
    r() < p ? make(r, gen) : undefined;
const oneOf =
  (...values: unknown[]): Override =>
  (r) =>
    values[Math.floor(r() * values.length)];

/** A kind: the root type, and overrides that make its interesting cases common. */
interface Kind {
  readonly name: string;
  readonly type: GoRoot;
  readonly overrides?: Readonly<Record<string, Override>>;
}

const grpc = sometimes(0.5, (_r, gen) => gen.value('v1.GRPCAction', 1));
const probeOverrides = {
  'v1.Probe.grpc': grpc,
  'v1.GRPCAction.service': oneOf(undefined, null, '', 'health'),
};
const nativeSidecar = {
  'v1alpha1.SidecarContainer.restartPolicy': oneOf(undefined, null, 'Always', 'Always', 'Never'),
};

const KINDS: readonly Kind[] = [
  { name: 'container', type: 'v1.Container', overrides: probeOverrides },
  { name: 'sidecar container', type: 'v1alpha1.SidecarContainer', overrides: probeOverrides },
  { name: 'init container', type: 'v1alpha1.SidecarContainer', overrides: nativeSidecar },
  { name: 'volume', type: 'v1.Volume' },
  { name: 'probe', type: 'v1.Probe', overrides: probeOverrides },
  {
    name: 'env',
    type: 'v1.EnvVar',
    overrides: {
      'v1.EnvVar.value': oneOf(undefined, '', '', 'x', null),
      'v1.EnvVar.valueFrom': sometimes(0.6, (_r, gen) => gen.value('v1.EnvVarSource', 1)),
    },
  },
  { name: 'resources', type: 'v1.ResourceRequirements' },
  { name: 'pod template', type: 'v1.PodTemplateSpec', overrides: probeOverrides },
  { name: 'volume claim template', type: 'v1.PersistentVolumeClaim' },
  { name: 'Advanced StatefulSet v1beta1', type: 'v1beta1.StatefulSet' },
  { name: 'Advanced StatefulSet v1alpha1', type: 'v1alpha1.StatefulSet' },
  { name: 'ImagePullJob spec', type: 'v1alpha1.ImagePullJobSpec' },
  { name: 'ImagePullJob', type: 'v1alpha1.ImagePullJob' },
  {
    name: 'SidecarSet',
    type: 'v1alpha1.SidecarSet',
    overrides: { ...probeOverrides, ...nativeSidecar },
  },
];

interface Case {
  readonly kind: string;
  readonly type: GoRoot;
  readonly value: unknown;
}

function cases(r: Rand): Case[] {
  const out: Case[] = [];
  for (const kind of KINDS) {
    const gen = new GoValues(r, kind.overrides);
    for (let i = 0; i < RUNS; i++)
      out.push({ kind: kind.name, type: kind.type, value: gen.value(kind.type) });
  }
  return out;
}

const replay = `GO_ENCODING_SEED=${SEED}`;

/** Cases the run must reach (in Go's output), so that a generator change cannot quietly drop them. */
const REACHED: readonly (readonly [string, RegExp])[] = [
  ['a gRPC probe without service', /"grpc":\{"port":-?\d+,"service":null\}/],
  ['a gRPC probe with service ""', /"grpc":\{"port":-?\d+,"service":""\}/],
  ['env from valueFrom', /"valueFrom":\{/],
  ['a resourceFieldRef divisor', /"divisor":"/],
  ['a capped quantity', /"9223372036854775807"/],
  ['a milli quantity', /":"\d+m"/],
  ['a binary quantity', /":"\d+[KMGTPE]i"/],
  ['a native sidecar', /"restartPolicy":"Always"/],
  ['a zero creationTimestamp', /"creationTimestamp":null/],
  ['a time in UTC', /"creationTimestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/],
  ['HTML escapes', /\\u003c/],
];

describe(`the Go encoding against Go's json.Marshal (seed ${SEED})`, () => {
  it(`writes ${RUNS} random values of each of ${KINDS.length} kinds as Go does, and hashes SidecarSets as OpenKruise does`, async (t) => {
    t.diagnostic(`seed ${SEED} (replay: ${replay}), ${RUNS} values per kind`);
    const all = cases(prng(SEED));
    const sidecarSets = all
      .filter((c) => c.type === 'v1alpha1.SidecarSet')
      .map((c) => defaultSidecarSetObject(c.value as DecodedSidecarSet));
    const requests: EncodeRequest[] = [
      ...all.map((c) => ({ type: c.type, value: c.value })),
      ...sidecarSets.map((value) => ({ op: 'sidecarset-hash' as const, value })),
    ];
    const answers = await goEncodeAll(requests);

    const differences: string[] = [];
    const perKind = new Map<string, number>();
    all.forEach((c, i) => {
      const go = answers[i] ?? {};
      perKind.set(c.kind, (perKind.get(c.kind) ?? 0) + 1);
      const got = goMarshalAs(c.type, c.value);
      if (go.json !== got) {
        differences.push(
          `${c.kind} #${i}: ${JSON.stringify(c.value)}\n  go:  ${go.json ?? `error ${go.error ?? ''}`}\n  ts:  ${got}`,
        );
      }
    });
    sidecarSets.forEach((set, i) => {
      const go = answers[all.length + i] ?? {};
      const annotations = set.metadata?.annotations ?? {};
      const ours = {
        hash: annotations[SIDECARSET_HASH_ANNOTATION],
        hashWithoutImage: annotations[SIDECARSET_HASH_WITHOUT_IMAGE_ANNOTATION],
      };
      if (go.hash !== ours.hash || go.hashWithoutImage !== ours.hashWithoutImage) {
        differences.push(
          `SidecarSet hash #${i}: ${JSON.stringify(set.spec)}\n  go: ${JSON.stringify(go)}\n  ts: ${JSON.stringify(ours)}`,
        );
      }
    });
    const unreached = REACHED.filter(([, re]) => !answers.some((a) => re.test(a.json ?? '')));
    assert.deepEqual(
      unreached.map(([what]) => what),
      [],
      `cases the run did not reach (${replay})`,
    );
    t.diagnostic(
      `${all.length} values (${[...perKind].map(([k, n]) => `${k} ${n}`).join(', ')}) and ${sidecarSets.length} SidecarSet hashes compared, ${differences.length} differences`,
    );
    assert.deepEqual(differences.slice(0, 5), [], `${differences.length} differ (${replay})`);
  });
});
