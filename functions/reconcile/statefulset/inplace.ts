/**
 * In-place update of an Advanced StatefulSet's pods (`kruise@v1.7.4:pkg/util/inplaceupdate`):
 * - possible when the two revisions' templates differ only in container
 *   images (`replace /spec/containers/<i>/image`) and in metadata; labels
 *   and annotations of the new template are then patched onto the pod;
 * - the update sets the pod condition `InPlaceUpdateReady` False (reason
 *   `StartInPlaceUpdate`, and Ready False when a readiness gate is not
 *   True) when the pod has that readiness gate, then writes the images, the
 *   revision label and `apps.kruise.io/inplace-update-state`
 *   (revision, time, each changed container's imageID before, the batch);
 * - it has completed once every recorded container reports another
 *   imageID (or the image it should run); the condition then goes True.
 * The grace period is inplace-grace.ts. Not modelled: container
 * launch-priority batches and kruise-daemon's runtime-container-meta.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { Pod, PodCondition, PodTemplateSpec } from '../../../shared/api/core/core-v1.js';
import { goMarshal } from '../../../shared/go/json.js';
import { isJsonObject } from '../../../shared/json.js';
import { metaTime } from '../../../shared/kube/meta-time.js';
import { templateOf } from './revisions.js';

export const INPLACE_UPDATE_READY = 'InPlaceUpdateReady';
export const INPLACE_STATE_ANNOTATION = 'apps.kruise.io/inplace-update-state';
export const INPLACE_STATE_ANNOTATION_OLD = 'inplace-update-state';
export const INPLACE_GRACE_ANNOTATION = 'apps.kruise.io/inplace-update-grace';

export interface InPlaceSpec {
  readonly revision: string;
  /** Container name (of the old template) → new image. */
  readonly images: Readonly<Record<string, string>>;
  /** Label/annotation changes (null: remove), as the metadata two-way merge patch says. */
  readonly labels: Readonly<Record<string, string | null>>;
  readonly annotations: Readonly<Record<string, string | null>>;
  /** A map the new template no longer has at all (the merge patch then says `null`). */
  readonly emptied?: Readonly<{ labels?: boolean; annotations?: boolean }>;
}

function mapDiff(
  from: Readonly<Record<string, string>> = {},
  to: Readonly<Record<string, string>> = {},
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(to)) if (from[k] !== v) out[k] = v;
  for (const k of Object.keys(from)) if (!Object.hasOwn(to, k)) out[k] = null;
  return out;
}

/** defaultCalculateInPlaceUpdateSpec; undefined when the change cannot be made in place. */
export function inPlaceSpec(
  oldRevision: ControllerRevision | undefined,
  newRevision: ControllerRevision,
): InPlaceSpec | undefined {
  if (oldRevision === undefined) return undefined;
  const a: PodTemplateSpec = templateOf(oldRevision);
  const b: PodTemplateSpec = templateOf(newRevision);
  const [ca, cb] = [a.spec?.containers ?? [], b.spec?.containers ?? []];
  if (ca.length !== cb.length) return undefined;
  const images: Record<string, string> = {};
  for (const [i, x] of ca.entries()) {
    const y = cb[i];
    if (y === undefined) return undefined;
    if (x.image === y.image) {
      if (!isDeepStrictEqual(x, y)) return undefined;
      continue;
    }
    // An image added or removed is an add/remove, not a replace.
    if (x.image === undefined || y.image === undefined) return undefined;
    if (!isDeepStrictEqual({ ...x, image: '' }, { ...y, image: '' })) return undefined;
    images[x.name] = y.image;
  }
  if (!isDeepStrictEqual({ ...a.spec, containers: [] }, { ...b.spec, containers: [] }))
    return undefined;
  const emptied = (x?: Record<string, string>, y?: Record<string, string>) =>
    Object.keys(x ?? {}).length > 0 && Object.keys(y ?? {}).length === 0;
  return {
    revision: newRevision.metadata?.name ?? '',
    images,
    labels: mapDiff(a.metadata?.labels, b.metadata?.labels),
    annotations: mapDiff(a.metadata?.annotations, b.metadata?.annotations),
    emptied: {
      labels: emptied(a.metadata?.labels, b.metadata?.labels),
      annotations: emptied(a.metadata?.annotations, b.metadata?.annotations),
    },
  };
}

export const hasReadinessGate = (pod: Pod): boolean =>
  (pod.spec?.readinessGates ?? []).some((g) => g.conditionType === INPLACE_UPDATE_READY);

interface StateRead {
  readonly lastImageIDs: Record<string, string> | null;
  readonly next: boolean;
}

function readState(pod: Pod): StateRead | undefined | 'invalid' {
  const a = pod.metadata?.annotations ?? {};
  const raw = a[INPLACE_STATE_ANNOTATION] ?? a[INPLACE_STATE_ANNOTATION_OLD];
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'invalid';
  }
  if (!isJsonObject(parsed)) return 'invalid';
  const last = parsed['lastContainerStatuses'];
  const lastImageIDs: Record<string, string> | null = isJsonObject(last) ? {} : null;
  if (isJsonObject(last) && lastImageIDs !== null)
    for (const [name, s] of Object.entries(last))
      lastImageIDs[name] = isJsonObject(s) && typeof s['imageID'] === 'string' ? s['imageID'] : '';
  const nonEmpty = (v: unknown) => isJsonObject(v) && Object.keys(v).length > 0;
  return {
    lastImageIDs,
    next: nonEmpty(parsed['nextContainerImages']) || nonEmpty(parsed['nextContainerRefMetadata']),
  };
}

/** DefaultCheckInPlaceUpdateCompleted: undefined when done (or never started), else why not. */
export function updateNotCompleted(pod: Pod): string | undefined {
  const a = pod.metadata?.annotations ?? {};
  if (a[INPLACE_GRACE_ANNOTATION] !== undefined || a['inplace-update-grace'] !== undefined)
    return 'still in grace period of in-place update';
  const state = readState(pod);
  if (state === undefined) return undefined;
  if (state === 'invalid') return 'invalid in-place update state';
  if (state.next) return 'existing containers to in-place update in next batches';
  return containersNotCompleted(pod, state);
}

function containersNotCompleted(pod: Pod, state: StateRead): string | undefined {
  const images = new Map(
    (pod.spec?.containers ?? []).map((c) => [
      c.name,
      (c.image ?? '').split(':').length <= 1 ? `${c.image ?? ''}:latest` : (c.image ?? ''),
    ]),
  );
  const left = { ...state.lastImageIDs };
  for (const cs of pod.status?.containerStatuses ?? []) {
    if (!Object.hasOwn(left, cs.name)) continue;
    if (left[cs.name] === cs.imageID && images.get(cs.name) !== cs.image)
      return `container ${cs.name} imageID not changed`;
    delete left[cs.name];
  }
  if (Object.keys(left).length > 0) return `not found statuses of containers ${goMapText(left)}`;
  return undefined;
}

/** `%v` of map[string]InPlaceUpdateContainerStatus: `map[a:{x} b:{}]`. */
const goMapText = (m: Record<string, string>): string =>
  `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:{${m[k] ?? ''}}`)
    .join(' ')}]`;

/** Refresh without grace: is the in-place update (if any) done, so the condition may go True? */
export const refreshable = (pod: Pod): boolean => {
  const state = readState(pod);
  if (state === undefined) return true;
  if (state === 'invalid') return false;
  return containersNotCompleted(pod, state) === undefined;
};

/**
 * The conditions updateCondition writes: the InPlaceUpdateReady one, and
 * (for False) Ready recomputed from the readiness gates as
 * util.SetPodReadyCondition does. Undefined when nothing changes.
 */
export function conditionPatch(
  pod: Pod,
  status: 'True' | 'False',
  now: Date,
): PodCondition[] | undefined {
  const conditions = pod.status?.conditions ?? [];
  const reason = status === 'False' ? 'StartInPlaceUpdate' : undefined;
  const old = conditions.find((c) => c.type === INPLACE_UPDATE_READY);
  if (
    old !== undefined &&
    old.status === status &&
    (old.reason ?? '') === (reason ?? '') &&
    (old.message ?? '') === ''
  )
    return undefined;
  const wanted: PodCondition = {
    type: INPLACE_UPDATE_READY,
    status,
    lastTransitionTime: metaTime(now),
    ...(reason !== undefined && { reason }),
  };
  // SetPodCondition keeps an existing condition of the same status as it is.
  if (old !== undefined && old.status === status) return undefined;
  const out = [wanted];
  if (status === 'False') {
    const after = [...conditions.filter((c) => c.type !== INPLACE_UPDATE_READY), wanted];
    const ready = readyAfter(pod, after, now);
    if (ready !== undefined) out.push(ready);
  }
  return out;
}

function readyAfter(pod: Pod, conditions: readonly PodCondition[], now: Date) {
  const get = (t: string) => conditions.find((c) => c.type === t);
  const ready = get('Ready');
  if (ready === undefined || get('ContainersReady')?.status !== 'True') return undefined;
  const unready: string[] = [];
  for (const g of pod.spec?.readinessGates ?? []) {
    const c = get(g.conditionType);
    if (c === undefined)
      unready.push(
        `corresponding condition of pod readiness gate ${JSON.stringify(g.conditionType)} does not exist.`,
      );
    else if (c.status !== 'True')
      unready.push(
        `the status of pod readiness gate ${JSON.stringify(g.conditionType)} is not "True", but ${c.status}`,
      );
  }
  const next: PodCondition =
    unready.length === 0
      ? { type: 'Ready', status: 'True', lastTransitionTime: metaTime(now) }
      : {
          type: 'Ready',
          status: 'False',
          reason: 'ReadinessGatesNotReady',
          message: unready.join(', '),
        };
  return ready.status === next.status ? undefined : next;
}

/**
 * The inplace-update-state annotation the update writes (after
 * defaultPatchUpdateSpecToPod); `since` is the update's start when a grace
 * period came first (the batch is recorded at `now`).
 */
export function stateAnnotation(pod: Pod, spec: InPlaceSpec, now: Date, since?: string): string {
  const changed = (pod.spec?.containers ?? [])
    .map((c) => c.name)
    .filter((n) => Object.hasOwn(spec.images, n));
  let last: Record<string, { imageID?: string }> | null = null;
  for (const cs of pod.status?.containerStatuses ?? []) {
    if (!changed.includes(cs.name)) continue;
    last ??= {};
    last[cs.name] = cs.imageID ? { imageID: cs.imageID } : {};
  }
  const at = metaTime(now);
  // Field order of pub.InPlaceUpdateState; the map's keys sorted as json.Marshal sorts them.
  return `{"revision":${goMarshal(spec.revision)},"updateTimestamp":${goMarshal(since ?? at)},"lastContainerStatuses":${goMarshal(last)},"containerBatchesRecord":[{"timestamp":${goMarshal(at)},"containers":${goMarshal([...changed].sort())}}]}`;
}
