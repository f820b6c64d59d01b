/**
 * `/mutate-apps-kruise-io-v1alpha1-containerrecreaterequest`
 * (mcontainerrecreaterequest.kb.io, CREATE and UPDATE), after
 * kruise@v1.7.4:pkg/webhook/containerrecreaterequest/mutating/crr_mutating_handler.go.
 * UPDATE keeps the spec, the pod-uid and node-name labels and a set
 * unready-acquired annotation immutable (403). CREATE checks the spec (400),
 * reads the Pod (`podToRead`, done by the shell), refuses inactive and
 * pending pods, and fills the labels, the failure policy, the grace period,
 * each container's preStop (and ports, for an HTTP preStop) and its
 * `statusContext` from the Pod. The KruiseDaemon gate is checked before
 * decoding, in the route.
 */
import { isDeepStrictEqual } from 'node:util';
import { allow, deny, type AdmissionInput, type Decision } from '../review/decision.js';
import { decodeSpec, marshalSpec } from './go-spec.js';
import {
  CRR_ACTIVE_KEY,
  CRR_NODE_NAME_KEY,
  CRR_POD_UID_KEY,
  CRR_UNREADY_ACQUIRED_KEY,
  SIDECAR_TERMINATED,
} from '../../../shared/api/containerrecreaterequest.js';
import type { DecodedContainerRecreateRequest, DecodedPod } from '../../../shared/api/decoded.js';
import type { PodLookup } from './reads.js';

type Json = Record<string, unknown>;
type Input = AdmissionInput<DecodedContainerRecreateRequest>;

const MIN_DEADLINE_SECONDS = 3;

const labelOf = (o: DecodedContainerRecreateRequest | undefined, key: string): string =>
  o?.metadata?.labels?.[key] ?? '';

function validateUpdate(
  obj: DecodedContainerRecreateRequest,
  old?: DecodedContainerRecreateRequest,
): Decision {
  if (!isDeepStrictEqual(decodeSpec(obj.spec), decodeSpec(old?.spec))) {
    return deny(403, 'spec of ContainerRecreateRequest is immutable');
  }
  for (const key of [CRR_POD_UID_KEY, CRR_NODE_NAME_KEY]) {
    if (labelOf(obj, key) !== labelOf(old, key)) {
      return deny(403, `not allowed to update immutable label ${key}`);
    }
  }
  const acquired = old?.metadata?.annotations?.[CRR_UNREADY_ACQUIRED_KEY] ?? '';
  if (acquired !== '' && obj.metadata?.annotations?.[CRR_UNREADY_ACQUIRED_KEY] !== acquired) {
    return deny(403, `not allowed to update immutable annotation ${CRR_UNREADY_ACQUIRED_KEY}`);
  }
  return allow();
}

/** The CREATE checks made before the Pod is read: the first failure, or undefined. */
function specError(spec: Json): string | undefined {
  const strategy = (spec['strategy'] ?? {}) as Json;
  const negative = (v: unknown): boolean => typeof v === 'number' && v < 0;
  if (spec['podName'] === '') return 'podName can not be empty';
  const containers = spec['containers'] as unknown[] | undefined;
  if (containers === undefined || containers.length === 0) return 'containers list can not be null';
  const deadline = spec['activeDeadlineSeconds'];
  if (typeof deadline === 'number' && deadline < MIN_DEADLINE_SECONDS) {
    return `activeDeadlineSeconds can not be less than ${MIN_DEADLINE_SECONDS}s`;
  }
  if (negative(strategy['terminationGracePeriodSeconds'])) {
    return 'terminationGracePeriodSeconds must be non-negative integer';
  }
  if (negative(strategy['unreadyGracePeriodSeconds'])) {
    return 'unreadyGracePeriodSeconds must be non-negative integer';
  }
  const policy = strategy['failurePolicy'] ?? '';
  if (policy !== '' && policy !== 'Fail' && policy !== 'Ignore') {
    return `unknown failurePolicy ${String(policy)}`;
  }
  return undefined;
}

/** The Pod a CREATE needs read (`spec.podName` in the CRR's namespace), or undefined if none. */
export function podToRead(input: Input): { namespace: string; name: string } | undefined {
  if (input.operation !== 'CREATE' && input.operation !== 'CONNECT') return undefined;
  const spec = decodeSpec(input.object.spec);
  if (specError(spec) !== undefined) return undefined;
  const namespace = input.object.metadata?.namespace || input.namespace;
  return { namespace, name: String(spec['podName']) };
}

const isPodActive = (pod: DecodedPod): boolean =>
  pod.status?.phase !== 'Succeeded' &&
  pod.status?.phase !== 'Failed' &&
  (pod.metadata?.deletionTimestamp ?? null) === null;

/** injectPodIntoContainerRecreateRequest on the decoded containers: an error, or undefined. */
function injectPod(containers: Json[], pod: DecodedPod): string | undefined {
  const seen = new Set<string>();
  const podContainers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  for (const c of containers) {
    const name = String(c['name']);
    if (seen.has(name)) return `can not recreate ${name} multi times`;
    seen.add(name);
    if ('preStop' in c || 'ports' in c || 'statusContext' in c) {
      return 'preStop, ports, statusContext in container are ready-only fields';
    }
    const container = podContainers.find((p) => p.name === name);
    if (container === undefined) return `container ${name} not found in Pod`;
    const status = pod.status?.containerStatuses?.find((s) => s.name === name);
    if (status === undefined) return `not found ${name} containerStatus in Pod Status`;
    if (!status.containerID) {
      return `no containerID in ${name} containerStatus, maybe the container has not been initialized`;
    }
    const preStop = container.lifecycle?.preStop;
    if (preStop !== undefined && preStop !== null) {
      const { exec, httpGet, tcpSocket } = preStop;
      c['preStop'] = {
        ...(exec != null && { exec }),
        ...(httpGet != null && { httpGet }),
        ...(tcpSocket != null && { tcpSocket }),
      };
      if (httpGet != null && container.ports != null) c['ports'] = container.ports;
    }
    c['statusContext'] = {
      containerID: status.containerID,
      restartCount: status.restartCount ?? 0,
    };
  }
  return undefined;
}

/**
 * The handler's answer. `pod` is the shell's read of `podToRead(input)`;
 * it is only looked at when that named a Pod.
 */
export function defaultContainerRecreateRequest(
  input: Input,
  ctx: { readonly pod?: PodLookup },
): Decision {
  if (input.operation === 'UPDATE') return validateUpdate(input.object, input.oldObject);
  // controller-runtime's decoder finds no object in a DELETE request.
  if (input.operation === 'DELETE') return deny(400, 'there is no content to decode');
  const spec = decodeSpec(input.object.spec);
  const error = specError(spec);
  if (error !== undefined) return deny(400, error);
  const podName = String(spec['podName']);
  const lookup = ctx.pod;
  // The shell reads what podToRead names; without a read there is nothing to go on.
  if (lookup === undefined) return deny(500, `failed to find Pod ${podName}: not read`);
  if ('notFound' in lookup) return deny(400, `no found Pod named ${podName}`);
  if ('error' in lookup) return deny(500, lookup.error);
  const { pod } = lookup;
  const terminatedBySidecarTerminator = (pod.status?.conditions ?? []).some(
    (c) => c.type === SIDECAR_TERMINATED,
  );
  if (!isPodActive(pod) && !terminatedBySidecarTerminator) {
    return deny(400, 'not allowed to recreate containers in an inactive Pod');
  }
  if (!pod.spec?.nodeName) return deny(400, 'not allowed to recreate containers in a pending Pod');

  const strategy = (spec['strategy'] ?? {}) as Json;
  if (!strategy['failurePolicy']) strategy['failurePolicy'] = 'Fail';
  const grace = pod.spec.terminationGracePeriodSeconds;
  if (strategy['terminationGracePeriodSeconds'] === undefined && grace != null) {
    strategy['terminationGracePeriodSeconds'] = grace;
  }
  spec['strategy'] = strategy;
  const injectError = injectPod(spec['containers'] as Json[], pod);
  if (injectError !== undefined) return deny(400, injectError);

  const obj = structuredClone(input.object);
  const metadata = (obj.metadata ??= {});
  metadata.labels = {
    ...metadata.labels,
    [CRR_ACTIVE_KEY]: 'true',
    [CRR_NODE_NAME_KEY]: pod.spec.nodeName,
    [CRR_POD_UID_KEY]: pod.metadata?.uid ?? '',
  };
  obj.spec = marshalSpec(spec);
  return allow(obj);
}
