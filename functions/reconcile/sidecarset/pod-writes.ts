/**
 * The pod writes of the SidecarSet controller, as data (KubeWrite):
 * - an in-place update or reset: OpenKruise PUTs the mutated pod; here the
 *   same change is a JSON patch of only what differs (container images,
 *   annotations) with the observed resourceVersion as precondition, so a
 *   pod changed since it was read is a conflict and the key is re-planned;
 * - condition `SidecarSetUpgradable` (`kruise@v1.7.4:pkg/controller/sidecarset/sidecarset_processor.go`
 *   updatePodSidecarSetUpgradableCondition): the message is a JSON map of
 *   SidecarSet name → upgradable, the status True (`AllSidecarsetUpgradable`)
 *   only when every entry is; written as a strategic-merge patch of the
 *   status subresource, without precondition as in OpenKruise, and only
 *   when the condition changes (podutil.UpdatePodCondition).
 */
import type { Container, Pod } from '../../../shared/api/core/core-v1.js';
import type { JsonPatchOperation } from '../../../shared/kube/client.js';
import { pods } from '../../../shared/kube/core-resources.js';
import type { WriteAction } from '../actions.js';
import { keyOf } from '../../../shared/kube/resource.js';
import { goMarshal } from '../../../shared/go/json.js';
import { goJsonSyntaxError } from '../../../shared/go/json-syntax.js';
import { goJsonKind } from '../../../shared/go/json-decode.js';
import { formatUpdateTimestamp } from '../../../shared/sidecarset/annotations.js';
import { isJsonObject } from '../../../shared/json.js';
import { KruiseFnError } from '../../../shared/errors.js';

export const SIDECARSET_UPGRADABLE = 'SidecarSetUpgradable';

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
const pointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function imageOps(
  path: string,
  before: readonly Container[] | undefined,
  after: readonly Container[] | undefined,
): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  (after ?? []).forEach((c, i) => {
    const old = before?.[i];
    if (old === undefined || old.image === c.image) return;
    if (c.image === undefined) ops.push({ op: 'remove', path: `${path}/${i}/image` });
    else
      ops.push({
        op: old.image === undefined ? 'add' : 'replace',
        path: `${path}/${i}/image`,
        value: c.image,
      });
  });
  return ops;
}

function annotationOps(
  before: Readonly<Record<string, string>> | undefined,
  after: Readonly<Record<string, string>>,
): JsonPatchOperation[] {
  if (before === undefined) return [{ op: 'add', path: '/metadata/annotations', value: after }];
  const ops: JsonPatchOperation[] = [];
  for (const [key, value] of Object.entries(after)) {
    if (before[key] !== value)
      ops.push({ op: 'add', path: `/metadata/annotations/${pointer(key)}`, value });
  }
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key))
      ops.push({ op: 'remove', path: `/metadata/annotations/${pointer(key)}` });
  }
  return ops;
}

/** The write turning `pod` (as observed) into `next`, or undefined when nothing differs. */
export function podUpdate(pod: Pod, next: Pod): WriteAction | undefined {
  const operations = [
    ...imageOps('/spec/initContainers', pod.spec?.initContainers, next.spec?.initContainers),
    ...imageOps('/spec/containers', pod.spec?.containers, next.spec?.containers),
    ...annotationOps(pod.metadata?.annotations, next.metadata?.annotations ?? {}),
  ];
  if (operations.length === 0) return undefined;
  const resourceVersion = pod.metadata?.resourceVersion;
  const images = operations.filter((o) => o.path.endsWith('/image')).length;
  return {
    verb: 'patch',
    resource: pods,
    key: keyOf(pod),
    patch: { type: 'json', operations },
    ...(resourceVersion !== undefined && { options: { resourceVersion } }),
    log: { v: 3, message: 'SidecarSet updated pod', fields: { pod: keyOf(pod), images } },
  };
}

/** GetMessageKvFromCondition: the message as a Go map[string]interface{}; throws on what Go refuses. */
function messageMap(message: string | undefined): Record<string, unknown> {
  if (message === undefined || message === '') return {};
  const syntax = goJsonSyntaxError(message);
  if (syntax !== undefined) throw new KruiseFnError(syntax);
  const doc: unknown = JSON.parse(message);
  if (doc === null) return {};
  if (!isJsonObject(doc)) {
    throw new KruiseFnError(
      `json: cannot unmarshal ${goJsonKind(doc)} into Go value of type map[string]interface {}`,
    );
  }
  return doc;
}

/**
 * The condition patch marking `pod` (upgradable or not) for `sidecarSetName`,
 * or undefined when the condition would not change. Throws KruiseFnError
 * when the current message is not a JSON object, as OpenKruise fails then.
 */
export function upgradableCondition(
  pod: Pod,
  sidecarSetName: string,
  upgradable: boolean,
  now: Date,
): WriteAction | undefined {
  const old = pod.status?.conditions?.find((c) => c.type === SIDECARSET_UPGRADABLE);
  const kv = { ...messageMap(old?.message), [sidecarSetName]: upgradable };
  const all = Object.values(kv).every((v) => v !== false);
  const status = all ? 'True' : 'False';
  const reason = all ? 'AllSidecarsetUpgradable' : 'UpdateImmutableField';
  const message = goMarshal(kv);
  const lastTransitionTime =
    old !== undefined && old.status === status
      ? old.lastTransitionTime
      : formatUpdateTimestamp(now);
  if (
    old !== undefined &&
    old.status === status &&
    (old.reason ?? '') === reason &&
    (old.message ?? '') === message
  ) {
    return undefined;
  }
  // util.DumpJSON(condition): Go's field order; a zero lastProbeTime marshals as null.
  const condition: Record<string, unknown> = {
    type: SIDECARSET_UPGRADABLE,
    status,
    lastProbeTime: old?.lastProbeTime ?? null,
    ...(lastTransitionTime !== undefined && { lastTransitionTime }),
    reason,
    message,
  };
  return {
    verb: 'patch',
    resource: pods,
    key: keyOf(pod),
    patch: { type: 'strategic', body: { status: { conditions: [condition] } } },
    options: { subresource: 'status' },
    log: {
      v: 3,
      message: 'SidecarSet updated pod condition success',
      fields: { pod: keyOf(pod), conditionType: SIDECARSET_UPGRADABLE, conditionStatus: status },
    },
  };
}
