import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, ContainerStatus, Pod } from '../../../shared/api/core/core-v1.js';
import { pods } from '../../../shared/kube/core-resources.js';
import { containerRecreateRequests } from '../../../shared/kube/kruise-resources.js';
import { planSidecarTerminator, type TerminatorReads } from './plan.js';

const NOW = new Date('2025-04-10T06:22:26.789Z');
const UID = '5b1c9f0e-0000-4000-8000-000000000001';

type State = 'running' | 'waiting' | number; // a number: terminated with that exit code
interface C {
  readonly name: string;
  readonly kill?: string;
  readonly image?: string;
  readonly ignore?: string;
  readonly state?: State | 'none'; // none: no status written for it
  readonly containerImage?: string;
}

const KILL = 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT';
const WITH_IMAGE = 'KRUISE_TERMINATE_SIDECAR_WHEN_JOB_EXIT_WITH_IMAGE';
const IGNORE = 'KRUISE_TERMINATE_SIDECAR_IGNORE_EXIT_CODE';

function container(c: C): Container {
  const env = [
    ...(c.kill !== undefined ? [{ name: KILL, value: c.kill }] : []),
    ...(c.image !== undefined ? [{ name: WITH_IMAGE, value: c.image }] : []),
    ...(c.ignore !== undefined ? [{ name: IGNORE, value: c.ignore }] : []),
  ];
  return {
    name: c.name,
    image: c.containerImage ?? `example/${c.name}:1`,
    ...(env.length > 0 && { env }),
  };
}

function status(c: C): ContainerStatus[] {
  const s = c.state ?? 'running';
  if (s === 'none') return [];
  const state =
    s === 'running'
      ? { running: { startedAt: '2025-04-10T06:00:00Z' } }
      : s === 'waiting'
        ? { waiting: { reason: 'ContainerCreating' } }
        : { terminated: { exitCode: s, finishedAt: '2025-04-10T06:20:00Z' } };
  return [
    {
      name: c.name,
      image: `example/${c.name}:1`,
      imageID: '',
      ready: s === 'running',
      restartCount: 0,
      state,
    },
  ];
}

interface PodOptions {
  readonly restartPolicy?: string;
  readonly phase?: string;
  readonly deleting?: boolean;
  readonly initContainers?: readonly C[];
}

function jobPod(containers: readonly C[], o: PodOptions = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'job-1-abcde',
      namespace: 'jobs',
      uid: UID,
      resourceVersion: '42',
      ...(o.deleting === true && { deletionTimestamp: '2025-04-10T06:21:00Z' }),
    },
    spec: {
      nodeName: 'node-1',
      ...(o.restartPolicy !== 'unset' && { restartPolicy: o.restartPolicy ?? 'Never' }),
      containers: containers.map(container),
      ...(o.initContainers !== undefined && { initContainers: o.initContainers.map(container) }),
    },
    status: { phase: o.phase ?? 'Running', containerStatuses: containers.flatMap(status) },
  };
}

const involved = {
  kind: 'Pod',
  apiVersion: 'v1',
  name: 'job-1-abcde',
  namespace: 'jobs',
  uid: UID,
  resourceVersion: '42',
};
const event = (message: string) => ({
  type: 'event',
  involved,
  eventType: 'Normal',
  reason: 'SidecarTerminator',
  message,
});
const crrEvent = (names: string) =>
  event(`Kruise SidecarTerminator is trying to terminate sidecar [${names}] using crr`);
const inPlaceEvent = (names: string) =>
  event(`Kruise SidecarTerminator is trying to terminate sidecar [${names}] using in-place update`);

/** The CRR of SPEC §4, written out. */
const createCrr = (...names: string[]) => ({
  verb: 'create',
  resource: containerRecreateRequests,
  object: {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'ContainerRecreateRequest',
    metadata: {
      name: `sidecar-termination-${UID}`,
      namespace: 'jobs',
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          name: 'job-1-abcde',
          uid: UID,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      podName: 'job-1-abcde',
      containers: names.map((name) => ({ name })),
      strategy: { forceRecreate: true, failurePolicy: 'Ignore' },
    },
  },
  log: {
    v: 3,
    message: 'SidecarTerminator -- Creating CRR successfully',
    fields: { containerRecreateRequest: { name: `sidecar-termination-${UID}`, namespace: 'jobs' } },
  },
});

const markTerminal = (phase: 'Succeeded' | 'Failed') => ({
  verb: 'patch',
  resource: pods,
  key: { name: 'job-1-abcde', namespace: 'jobs' },
  patch: {
    type: 'strategic',
    body: {
      status: {
        phase,
        conditions: [
          {
            type: 'SidecarTerminated',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2025-04-10T06:22:26Z',
            message: 'Terminated by Sidecar Terminator',
          },
        ],
      },
    },
  },
  options: { subresource: 'status' },
  failure: 'failed to patch pod status',
  log: {
    v: 3,
    message: 'Terminated the job pod',
    fields: { pod: { name: 'job-1-abcde', namespace: 'jobs' }, phase },
  },
});

/** The pod Update of an in-place swap: the observed pod with `images` set. */
const updatePod = (pod: Pod, images: Record<string, string>) => {
  const object = structuredClone(pod);
  for (const c of object.spec?.containers ?? []) c.image = images[c.name] ?? c.image;
  return {
    verb: 'update',
    resource: pods,
    object,
    log: {
      v: 3,
      message: 'SidecarTerminator -- InPlace update pod successfully',
      fields: { pod: { name: 'job-1-abcde', namespace: 'jobs' } },
    },
  };
};

const offVk: TerminatorReads = { onVirtualKubelet: false, crrExists: false };
const onVk: TerminatorReads = { onVirtualKubelet: true, crrExists: false };
const crrThere: TerminatorReads = { onVirtualKubelet: false, crrExists: true };

const main0: C = { name: 'main', state: 0 };
const main1: C = { name: 'main', state: 1 };
const killer: C = { name: 'proxy', kill: 'true' };
const ignorer: C = { name: 'log', kill: 'true', ignore: 'true' };
const swapper: C = { name: 'agent', image: 'example/exit:0' };

interface Case {
  readonly name: string;
  readonly pod: Pod;
  readonly reads?: TerminatorReads;
  /** The expected actions; a function of the pod for in-place updates. */
  readonly want: readonly unknown[] | ((pod: Pod) => readonly unknown[]);
}

const cases: Case[] = [
  // When to act.
  {
    name: 'leaves restartPolicy Always pods alone',
    pod: jobPod([main0, killer], { restartPolicy: 'Always' }),
    want: [],
  },
  {
    name: 'leaves a pod without a restart policy alone',
    pod: jobPod([main0, killer], { restartPolicy: 'unset' }),
    want: [],
  },
  {
    name: 'leaves a pod being deleted alone',
    pod: jobPod([main0, killer], { deleting: true }),
    want: [],
  },
  {
    name: 'leaves a Pending pod alone',
    pod: jobPod([main0, killer], { phase: 'Pending' }),
    want: [],
  },
  {
    name: 'leaves a pod without sidecars alone',
    pod: jobPod([main0, { name: 'b', state: 0 }]),
    want: [],
  },
  {
    name: 'leaves a pod whose sidecars are all terminated alone',
    pod: jobPod([main0, { ...killer, state: 137 }]),
    want: [],
  },
  {
    name: 'waits for the main containers under Never',
    pod: jobPod([{ name: 'main' }, killer]),
    want: [],
  },
  {
    name: 'waits until the kubelet reported every container',
    pod: jobPod([main0, { name: 'other', state: 'none' }, killer]),
    want: [],
  },
  {
    name: 'kills under Never when the main container failed',
    pod: jobPod([main1, killer]),
    want: [createCrr('proxy'), crrEvent('proxy')],
  },
  {
    name: 'kills under Never when the main container succeeded',
    pod: jobPod([main0, killer]),
    want: [createCrr('proxy'), crrEvent('proxy')],
  },
  {
    name: 'waits under OnFailure while a main container failed (the kubelet restarts it)',
    pod: jobPod([main1, killer], { restartPolicy: 'OnFailure' }),
    want: [],
  },
  {
    name: 'kills under OnFailure once every main container exited 0',
    pod: jobPod([main0, { name: 'main2', state: 0 }, killer], { restartPolicy: 'OnFailure' }),
    want: [createCrr('proxy'), crrEvent('proxy')],
  },
  {
    name: 'waits under OnFailure while one main container runs',
    pod: jobPod([main0, { name: 'main2' }, killer], { restartPolicy: 'OnFailure' }),
    want: [],
  },
  {
    name: 'reads nothing and does nothing without the reads',
    pod: jobPod([main0, killer]),
    reads: undefined,
    want: [],
  },
  // The env switches.
  {
    name: 'takes the kill switch case-insensitively',
    pod: jobPod([main0, { ...killer, kill: 'TRUE' }]),
    want: [createCrr('proxy'), crrEvent('proxy')],
  },
  {
    name: 'treats a kill switch not "true" as a main container (it is still running)',
    pod: jobPod([main0, { ...killer, kill: 'yes' }]),
    want: [],
  },
  {
    name: 'treats an ignore switch without the kill switch as a main container',
    pod: jobPod([main0, { name: 'log', ignore: 'true' }, killer]),
    want: [],
  },
  {
    name: 'treats an empty image switch as no switch',
    pod: jobPod([main0, { name: 'agent', image: '' }, killer]),
    want: [],
  },
  {
    name: 'never looks at init containers',
    pod: jobPod([main0], { initContainers: [{ name: 'init-proxy', kill: 'true' }] }),
    want: [],
  },
  {
    name: 'names only the sidecars not yet terminated in the CRR',
    pod: jobPod([
      main0,
      { ...killer, state: 0 },
      { name: 'mesh', kill: 'true' },
      { name: 'dns', kill: 'true', state: 'waiting' },
    ]),
    want: [createCrr('mesh', 'dns'), crrEvent('mesh dns')],
  },
  {
    name: 'waits for an existing CRR instead of creating one',
    pod: jobPod([main0, killer]),
    reads: crrThere,
    want: [],
  },
  // Virtual-kubelet nodes.
  {
    name: 'swaps the image of an in-place sidecar on a virtual-kubelet node',
    pod: jobPod([main0, swapper]),
    reads: onVk,
    want: (pod) => [updatePod(pod, { agent: 'example/exit:0' }), inPlaceEvent('agent')],
  },
  {
    name: 'records the in-place Event again with nothing to write once the image is swapped',
    pod: jobPod([main0, { ...swapper, containerImage: 'example/exit:0' }]),
    reads: onVk,
    want: [inPlaceEvent('agent')],
  },
  {
    name: 'swaps only the sidecars not yet terminated',
    pod: jobPod([main0, swapper, { name: 'agent2', image: 'example/exit:0', state: 0 }]),
    reads: onVk,
    want: (pod) => [updatePod(pod, { agent: 'example/exit:0' }), inPlaceEvent('agent')],
  },
  {
    name: 'uses the image switch of a sidecar that has both switches on a virtual-kubelet node',
    pod: jobPod([main0, { ...swapper, kill: 'true', ignore: 'true' }]),
    reads: onVk,
    want: (pod) => [updatePod(pod, { agent: 'example/exit:0' }), inPlaceEvent('agent')],
  },
  {
    name: 'does nothing to a kill-only sidecar on a virtual-kubelet node',
    pod: jobPod([main0, killer, ignorer]),
    reads: onVk,
    want: [],
  },
  {
    name: 'does nothing to an image-only sidecar off virtual-kubelet nodes',
    pod: jobPod([main0, swapper]),
    want: [],
  },
  {
    name: 'kills a sidecar that has both switches off virtual-kubelet nodes',
    pod: jobPod([main0, { ...swapper, kill: 'true' }]),
    want: [createCrr('agent'), crrEvent('agent')],
  },
  // Ignore-exit-code sidecars.
  {
    name: 'marks the pod Succeeded and kills an ignore-exit-code sidecar',
    pod: jobPod([main0, ignorer]),
    want: [markTerminal('Succeeded'), createCrr('log'), crrEvent('log')],
  },
  {
    name: 'marks the pod Failed when a main container failed (Never)',
    pod: jobPod([main1, ignorer]),
    want: [markTerminal('Failed'), createCrr('log'), crrEvent('log')],
  },
  {
    name: 'marks the pod Succeeded under OnFailure',
    pod: jobPod([main0, ignorer], { restartPolicy: 'OnFailure' }),
    want: [markTerminal('Succeeded'), createCrr('log'), crrEvent('log')],
  },
  {
    name: 'kills only the normal sidecars while they run, and does not mark the pod',
    pod: jobPod([main0, killer, ignorer]),
    want: [createCrr('proxy'), crrEvent('proxy')],
  },
  {
    name: 'marks the pod once the normal sidecars are done, but creates no second CRR (same name)',
    pod: jobPod([main0, { ...killer, state: 137 }, ignorer]),
    reads: crrThere,
    want: [markTerminal('Succeeded')],
  },
  {
    name: 'marks the pod and kills the ignoring sidecars when the normal ones ended by themselves',
    pod: jobPod([main0, { ...killer, state: 0 }, ignorer]),
    want: [markTerminal('Succeeded'), createCrr('log'), crrEvent('log')],
  },
  {
    name: 'does not patch a pod already Succeeded, and still kills the ignoring sidecars',
    pod: jobPod([main0, ignorer], { phase: 'Succeeded' }),
    want: [createCrr('log'), crrEvent('log')],
  },
  {
    name: 'does not patch a pod already Failed and waits for the existing CRR',
    pod: jobPod([main1, ignorer], { phase: 'Failed' }),
    reads: crrThere,
    want: [],
  },
  {
    name: 'kills only the ignoring sidecars not yet terminated',
    pod: jobPod([main0, ignorer, { name: 'log2', kill: 'true', ignore: 'TRUE', state: 1 }]),
    want: [markTerminal('Succeeded'), createCrr('log'), crrEvent('log')],
  },
];

describe('planSidecarTerminator', () => {
  for (const c of cases) {
    it(c.name, () => {
      const reads = 'reads' in c ? c.reads : offVk;
      const plan = planSidecarTerminator({
        pod: c.pod,
        now: NOW,
        ...(reads !== undefined && { reads }),
      });
      const want = typeof c.want === 'function' ? c.want(c.pod) : c.want;
      assert.deepStrictEqual(plan, { actions: want });
    });
  }

  it('leaves the observed pod unchanged when it plans an in-place update', () => {
    const pod = jobPod([main0, swapper]);
    const before = structuredClone(pod);
    planSidecarTerminator({ pod, now: NOW, reads: onVk });
    assert.deepStrictEqual(pod, before);
  });
});
