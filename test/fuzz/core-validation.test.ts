/**
 * Property test of the Kubernetes v1.28 core validation port
 * (functions/admission/validation/core-*.ts, pod-spec.ts) against Kubernetes
 * itself: random SidecarSet containers, init containers and volumes
 * (core-values.ts; CORE_VALIDATION_RUNS per kind, 2,000 by default) go
 * through one `go-oracle-validation validate` process, which validates them
 * as OpenKruise v1.7.4's SidecarSet webhook does (v1→core conversion, the
 * fake pod, ValidatePodCreate with DefaultPodValidationOptions); the webhook's
 * validateFakePod must answer the same field errors, byte for byte and in
 * order. Go ranges over resource maps in random order, so where a container
 * has more than one resource in limits or requests the errors are compared as
 * a multiset. Pointers print as 0x…. The seed is random and printed;
 * CORE_VALIDATION_SEED=<n> replays a run.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFakePod } from '../../functions/admission/sidecarset/validate-containers.js';
import { aggregate, formatFieldErr } from '../../shared/validation/field-error.js';
import type { DecodedContainer, DecodedVolume } from '../../shared/api/decoded.js';
import { maskGoPointers } from '../../shared/go/format.js';
import { goValidateAll, type ValidationRequest } from '../../infra/go-oracle-validation/oracle.js';
import { prng } from '../support/prng.js';
import { CoreValues } from './core-values.js';

const SEED = Number(process.env['CORE_VALIDATION_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env['CORE_VALIDATION_RUNS'] ?? 2_000);
const replay = `CORE_VALIDATION_SEED=${SEED}`;

/** The volumes beside generated containers; `Bad` (an invalid name) is left out of the map mounts see. */
const VOLUMES = [
  { name: 'data', emptyDir: {} },
  { name: 'claim', persistentVolumeClaim: { claimName: 'c' } },
];
const WITH_BAD = [...VOLUMES, { name: 'Bad', emptyDir: {} }];
const VOLUME_NAMES = ['data', 'claim', 'Bad'];

function requests(seed: number): ValidationRequest[] {
  const gen = new CoreValues(prng(seed));
  const out: ValidationRequest[] = [];
  for (let i = 0; i < RUNS; i++) {
    out.push({
      kind: 'containers',
      containers:
        gen.maybe(0.3, () =>
          gen.list(1, 2, (j) => ({ ...gen.validContainer([undefined]), name: `c${j}` })),
        ) ??
        gen.list(1, 3, () =>
          gen.container(VOLUME_NAMES, [undefined, undefined, undefined, 'Always']),
        ),
      volumes: gen.maybe(0.3, () => WITH_BAD) ?? VOLUMES,
    });
  }
  for (let i = 0; i < RUNS; i++) {
    out.push({
      kind: 'initContainers',
      initContainers:
        gen.maybe(0.3, () =>
          gen.list(1, 2, (j) => ({ ...gen.validContainer(['Always']), name: `i${j}` })),
        ) ??
        gen.list(1, 3, () =>
          gen.container(VOLUME_NAMES, [undefined, 'Always', 'Always', 'Never', 'OnFailure']),
        ),
      containers: gen.maybe(0.3, () => [gen.container(VOLUME_NAMES, [undefined])]) ?? [],
      volumes: gen.maybe(0.3, () => WITH_BAD) ?? VOLUMES,
    });
  }
  for (let i = 0; i < RUNS; i++) {
    const volumes =
      gen.maybe(0.3, () => gen.list(1, 3, (j) => gen.validVolume(`v${j}`))) ??
      gen.list(1, 3, () => gen.volume());
    if (gen.maybe(0.05, () => true)) {
      // A claim named as the one the pod "test" creates for its ephemeral volume "scratch".
      volumes.push(
        {
          name: 'scratch',
          ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } },
        },
        { name: 'claimed', persistentVolumeClaim: { claimName: 'test-scratch' } },
      );
    }
    const names = volumes.map((v) => String(v['name']));
    out.push({
      kind: 'volumes',
      volumes,
      containers: gen.maybe(0.4, () => [gen.container(names, [undefined])]) ?? [],
    });
  }
  return out;
}

const manyResources = (req: ValidationRequest): boolean =>
  [...(req.containers ?? []), ...(req.initContainers ?? [])].some((c) => {
    const res = (c as { resources?: { limits?: object; requests?: object } }).resources;
    return Object.keys(res?.limits ?? {}).length > 1 || Object.keys(res?.requests ?? {}).length > 1;
  });

/** Errors the runs must reach (in Go's answers), so that a generator change cannot quietly drop them. */
const REACHED: readonly (readonly [string, RegExp])[] = [
  ['a request above its limit', /must be less than or equal to \w+ limit of/],
  ['a negative quantity', /must be greater than or equal to 0/],
  ['a non-integer extended resource', /Quantity\{.*must be an integer/],
  ['a mount of no volume', /volumeMounts\[\d\]\.name: Not found/],
  ['a handler-less probe', /Probe: Required value: must specify a handler type/],
  ['two handlers', /may not specify more than 1 handler type/],
  ['valueFrom with value', /may not be specified when `value` is not empty/],
  ['a fieldRef apiVersion', /fieldRef\.apiVersion: Required value/],
  ['a native sidecar probe', /initContainers\[\d\]\.livenessProbe\.successThreshold/],
  [
    'an init container lifecycle',
    /may not be set for init containers without restartPolicy=Always/,
  ],
  ['two volume sources', /may not specify more than 1 volume type/],
  ['a file mode', /must be a number between 0 and 0777/],
  ['a host path type', /hostPath\.type: Unsupported value/],
  ['a privilege escalation conflict', /core\.SecurityContext\{/],
  ['a duplicate host port', /hostPort: Duplicate value/],
  ['an Azure disk URI', /azureDisk\.diskURI: Unsupported value/],
  ['a fibre channel lun', /fc\.lun: Invalid value/],
  ['a reserved flexVolume option', /namespaces are reserved/],
  ['an iSCSI qualified name', /iscsi\.iqn: Invalid value/],
  ['a Quobyte registry', /quobyte\.registry: Invalid value/],
  ['an iSCSI name too long', /Total length of <volume name>:<iscsi\.targetPortal>/],
  ['an ephemeral claim template', /ephemeral\.volumeClaimTemplate\.spec\.accessModes/],
  ['a claim an ephemeral volume creates', /must not reference a PVC that gets created/],
  ['a projected path conflict', /conflicting duplicate paths/],
];

describe(`Kubernetes core validation of SidecarSet containers and volumes against Go (seed ${SEED})`, () => {
  it(`answers ${RUNS} random containers, init containers and volumes each as Kubernetes v1.28.9 does`, async (t) => {
    t.diagnostic(`seed ${SEED} (replay: ${replay}), ${RUNS} requests per kind`);
    const all = requests(SEED);
    const answers = await goValidateAll(all);
    const differences: string[] = [];
    /** Each kind of difference once (indices and values blurred), with a count. */
    const shapes = new Map<string, number>();
    const perKind = new Map<string, { total: number; refused: number }>();
    all.forEach((req, i) => {
      const go = answers[i] ?? {};
      const counts = perKind.get(req.kind) ?? { total: 0, refused: 0 };
      counts.total++;
      const errs = validateFakePod({
        containers: req.containers as DecodedContainer[] | undefined,
        initContainers: req.initContainers as DecodedContainer[] | undefined,
        volumes: req.volumes as DecodedVolume[] | undefined,
      });
      const ours = errs.map((e) => maskGoPointers(formatFieldErr(e)));
      const theirs = (go.errors ?? []).map(maskGoPointers);
      if (theirs.length > 0) counts.refused++;
      perKind.set(req.kind, counts);
      const unordered = manyResources(req);
      const same =
        go.error === undefined &&
        (unordered
          ? JSON.stringify([...ours].sort()) === JSON.stringify([...theirs].sort())
          : JSON.stringify(ours) === JSON.stringify(theirs) &&
            maskGoPointers(aggregate(errs)) === maskGoPointers(go.aggregate ?? ''));
      if (!same) {
        const missing = theirs.filter((e) => !ours.includes(e));
        const extra = ours.filter((e) => !theirs.includes(e));
        const blur = (e: string) => e.replace(/\[\d+\]/g, '[i]').replace(/: .*$/, '');
        const shape = `go ${JSON.stringify(missing.map(blur))} ts ${JSON.stringify(extra.map(blur))}`;
        shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
        differences.push(
          `${req.kind} #${i}: ${JSON.stringify(req)}\n  go only: ${JSON.stringify(go.error ?? missing)}\n  ts only: ${JSON.stringify(extra)}${missing.length + extra.length === 0 ? '\n  (order differs)' : ''}`,
        );
      }
    });
    const unreached = REACHED.filter(
      ([, re]) => !answers.some((a) => (a.errors ?? []).some((e) => re.test(e))),
    );
    const acceptedNative = all.some(
      (req, i) =>
        (answers[i]?.errors ?? ['']).length === 0 &&
        (req.initContainers ?? []).some(
          (c) => (c as { restartPolicy?: string }).restartPolicy === 'Always',
        ),
    );
    assert.ok(acceptedNative, `no native sidecar (restartPolicy Always) was accepted (${replay})`);
    t.diagnostic(
      `${all.length} requests (${[...perKind].map(([k, c]) => `${k} ${c.total}, ${c.refused} refused`).join('; ')}), ${differences.length} differences`,
    );
    for (const [shape, n] of [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
      t.diagnostic(`${n}× ${shape}`);
    }
    assert.deepEqual(differences.slice(0, 3), [], `${differences.length} differ (${replay})`);
    assert.deepEqual(
      unreached.map(([what]) => what),
      [],
      `errors the run did not reach (${replay})`,
    );
  });
});
