/**
 * The KruisePodReady readiness gate as several writers share it
 * (kruise@v1.7.4:pkg/util/podreadiness): the condition's message is a JSON
 * list of `{userAgent, key}`, one per writer holding the pod not ready; the
 * condition is False while the list is non-empty. Pure: each function
 * returns the pod status to write, or undefined when nothing changes.
 */
import type { Pod, PodCondition, PodStatus } from '../../shared/api/core/core-v1.js';
import { goJsonString } from '../../shared/go/json.js';
import { goQuote } from '../../shared/go/quote.js';
import { compareGoStrings } from '../../shared/go/utf8.js';
import { metaTime } from '../../shared/kube/meta-time.js';

import { KRUISE_POD_READY } from '../../shared/api/pod-readiness.js';

export interface ReadinessMessage {
  readonly userAgent: string;
  readonly key: string;
}

/** encoding/json matches field names case-insensitively; a later key wins. */
function stringField(o: Record<string, unknown>, field: string): string {
  let value = '';
  for (const [k, v] of Object.entries(o)) {
    if (k.toLowerCase() === field.toLowerCase() && typeof v === 'string') value = v;
  }
  return value;
}

/**
 * `json.Unmarshal` into a []Message, errors ignored as OpenKruise ignores
 * them: text that is not a JSON list is no message; an element that is not
 * an object is a zero Message.
 */
export function parseMessages(text: string | undefined): ReadinessMessage[] {
  if (text === undefined || text === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.map((e: unknown) => {
    const o = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {};
    return { userAgent: stringField(o, 'userAgent'), key: stringField(o, 'key') };
  });
}

/** messageList.dump: sorted by user agent, then key; `[]` when empty. */
export function dumpMessages(messages: readonly ReadinessMessage[]): string {
  const sorted = [...messages].sort(
    (a, b) => compareGoStrings(a.userAgent, b.userAgent) || compareGoStrings(a.key, b.key),
  );
  const items = sorted.map(
    (m) => `{"userAgent":${goJsonString(m.userAgent)},"key":${goJsonString(m.key)}}`,
  );
  return `[${items.join(',')}]`;
}

const same = (a: ReadinessMessage, b: ReadinessMessage) =>
  a.userAgent === b.userAgent && a.key === b.key;

export const hasReadinessGate = (pod: Pod): boolean =>
  (pod.spec?.readinessGates ?? []).some((g) => g.conditionType === KRUISE_POD_READY);

const condition = (conditions: readonly PodCondition[], type: string) =>
  conditions.find((c) => c.type === type);

/**
 * util.SetPodReadyCondition: once the containers are ready, Ready follows
 * the readiness gates (False with their reasons, else True); the condition
 * is replaced only when its status changes. A False Ready carries no
 * transition time, as OpenKruise builds it.
 */
function withReadyCondition(pod: Pod, conditions: PodCondition[], now: Date): PodCondition[] {
  const ready = condition(conditions, 'Ready');
  const containersReady = condition(conditions, 'ContainersReady');
  if (ready === undefined || containersReady?.status !== 'True') return conditions;
  const unready = (pod.spec?.readinessGates ?? []).flatMap((g) => {
    const c = condition(conditions, g.conditionType);
    if (c === undefined) {
      return [
        `corresponding condition of pod readiness gate ${goQuote(g.conditionType)} does not exist.`,
      ];
    }
    return c.status === 'True'
      ? []
      : [
          `the status of pod readiness gate ${goQuote(g.conditionType)} is not "True", but ${c.status}`,
        ];
  });
  const next: PodCondition =
    unready.length === 0
      ? { type: 'Ready', status: 'True', lastTransitionTime: metaTime(now) }
      : {
          type: 'Ready',
          status: 'False',
          reason: 'ReadinessGatesNotReady',
          message: unready.join(', '),
        };
  return ready.status === next.status
    ? conditions
    : conditions.map((c) => (c === ready ? next : c));
}

/**
 * AddNotReadyKey: `msg` joins the KruisePodReady condition (created without
 * a status when absent, as OpenKruise creates it), the condition turns
 * False, and Ready follows.
 */
export function addNotReadyKey(pod: Pod, msg: ReadinessMessage, now: Date): PodStatus | undefined {
  const conditions = structuredClone(pod.status?.conditions ?? []);
  const current = condition(conditions, KRUISE_POD_READY);
  const held =
    current !== undefined &&
    current.status !== 'True' &&
    (current.message ?? '') !== '' &&
    parseMessages(current.message).some((m) => same(m, msg));
  if (held || !hasReadinessGate(pod)) return undefined;
  if (current === undefined) {
    conditions.push({
      type: KRUISE_POD_READY,
      status: '',
      lastTransitionTime: metaTime(now),
      message: dumpMessages([msg]),
    });
  } else {
    const messages = parseMessages(current.message);
    if (messages.some((m) => same(m, msg))) return undefined;
    current.status = 'False';
    current.message = dumpMessages([...messages, msg]);
    current.lastTransitionTime = metaTime(now);
  }
  return { ...pod.status, conditions: withReadyCondition(pod, conditions, now) };
}

/**
 * RemoveNotReadyKey: `msg` leaves the condition, which turns True once no
 * writer is left (its message then `[]`). Ready is left to the kubelet.
 */
export function removeNotReadyKey(
  pod: Pod,
  msg: ReadinessMessage,
  now: Date,
): PodStatus | undefined {
  if (!hasReadinessGate(pod)) return undefined;
  const conditions = structuredClone(pod.status?.conditions ?? []);
  const current = condition(conditions, KRUISE_POD_READY);
  if (current === undefined) return undefined;
  const messages = parseMessages(current.message);
  const left = messages.filter((m) => !same(m, msg));
  if (left.length === messages.length) return undefined;
  if (left.length === 0) current.status = 'True';
  current.message = dumpMessages(left);
  current.lastTransitionTime = metaTime(now);
  return { ...pod.status, conditions };
}
