/**
 * `inPlaceUpdateStrategy.gracePeriodSeconds` (`kruise@v1.7.4:pkg/util/inplaceupdate/inplace_update.go`):
 * - updatePodInPlace (l. 314-357) with a grace period writes the revision
 *   label, `apps.kruise.io/inplace-update-state` with only the revision and
 *   the time (`"lastContainerStatuses":null`), and
 *   `apps.kruise.io/inplace-update-grace`: the UpdateSpec as json.Marshal
 *   writes it (l. 81-93: `revision`, `containerImages`, `metaDataPatch`
 *   base64, `graceSeconds`), images and template metadata left alone; Update
 *   (l. 307-311) then asks to come back after the grace period;
 * - finishGracePeriod (l. 187-234), from every Refresh: a pod whose revision
 *   label moved on loses the grace annotation; before the grace period has
 *   passed since the state's updateTimestamp it asks to come back (rounded
 *   up to whole seconds, l. 396-401); after it, the spec is patched onto the
 *   pod as an update without grace would (images, metadata patch, the state
 *   with its first timestamp kept) and the grace annotation removed.
 */
import type { Pod } from '../../../shared/api/core/core-v1.js';
import { goMarshal } from '../../../shared/go/json.js';
import { isJsonObject, type JsonObject } from '../../../shared/json.js';
import {
  INPLACE_GRACE_ANNOTATION,
  INPLACE_STATE_ANNOTATION,
  INPLACE_STATE_ANNOTATION_OLD,
  stateAnnotation,
  type InPlaceSpec,
} from './inplace.js';
import {
  LIFECYCLE_STATE_LABEL,
  LIFECYCLE_TIMESTAMP_ANNOTATION,
  REVISION_LABEL,
  rfc3339Seconds,
} from './pod-state.js';
import { metaTime, metaTimeMs } from '../../../shared/kube/meta-time.js';

export const INPLACE_GRACE_ANNOTATION_OLD = 'inplace-update-grace';

/** RemoveInPlaceUpdateGrace as patch annotations. */
export const DROP_GRACE = {
  [INPLACE_GRACE_ANNOTATION]: null,
  [INPLACE_GRACE_ANNOTATION_OLD]: null,
};

/** GetInPlaceUpdateGrace: the new key, else the old one. */
export function graceOf(pod: Pod): string | undefined {
  const a = pod.metadata?.annotations ?? {};
  return a[INPLACE_GRACE_ANNOTATION] ?? a[INPLACE_GRACE_ANNOTATION_OLD];
}

type MapChange = Readonly<Record<string, string | null>>;

/**
 * The metadata part of strategicpatch.CreateTwoWayMergePatch between the
 * templates' labels and annotations, as json.Marshal orders it; undefined
 * when they are the same. A map that empties is `null` (json omits an
 * empty map, and the patch then deletes the field).
 */
function metadataPatch(spec: InPlaceSpec): JsonObject | undefined {
  const metadata: JsonObject = {};
  for (const field of ['labels', 'annotations'] as const) {
    const change: MapChange = spec[field];
    if (Object.keys(change).length === 0) continue;
    const emptied = spec.emptied?.[field] === true;
    metadata[field] = emptied ? null : { ...change };
  }
  return Object.keys(metadata).length === 0 ? undefined : { metadata };
}

/** json.Marshal(UpdateSpec) of the update `spec` held for `graceSeconds`. */
export function graceAnnotation(spec: InPlaceSpec, graceSeconds: number): string {
  const fields = [`"revision":${goMarshal(spec.revision)}`];
  if (Object.keys(spec.images).length > 0)
    fields.push(`"containerImages":${goMarshal(spec.images)}`);
  const patch = metadataPatch(spec);
  if (patch !== undefined)
    fields.push(`"metaDataPatch":${goMarshal(Buffer.from(goMarshal(patch)).toString('base64'))}`);
  fields.push(`"graceSeconds":${graceSeconds}`);
  return `{${fields.join(',')}}`;
}

/** The state written while the grace period runs (InPlaceUpdateState with revision and time only). */
export const graceStateAnnotation = (revision: string, at: string): string =>
  `{"revision":${goMarshal(revision)},"updateTimestamp":${goMarshal(at)},"lastContainerStatuses":null}`;

/** What finishGracePeriod does with a pod in its grace period. */
export type GraceStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'patch'; readonly spec: InPlaceSpec; readonly body: JsonObject };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The metaDataPatch bytes (base64 in the JSON) as the label/annotation changes they carry. */
function metadataChanges(pod: Pod, encoded: unknown) {
  const out = {
    labels: {} as Record<string, string | null>,
    annotations: {} as Record<string, string | null>,
  };
  if (typeof encoded !== 'string') return out;
  const patch = parseJson(Buffer.from(encoded, 'base64').toString('utf8'));
  const metadata = isJsonObject(patch) ? patch['metadata'] : undefined;
  if (!isJsonObject(metadata)) return out;
  for (const field of ['labels', 'annotations'] as const) {
    const value = metadata[field];
    if (value === null)
      for (const k of Object.keys(pod.metadata?.[field] ?? {})) out[field][k] = null;
    else if (isJsonObject(value))
      for (const [k, v] of Object.entries(value)) out[field][k] = typeof v === 'string' ? v : null;
  }
  return out;
}

/**
 * finishGracePeriod for `pod` at `now`; undefined when it is in no grace
 * period. Throws where OpenKruise returns an error: an unreadable grace
 * annotation, or no state annotation beside it.
 */
export function finishGrace(pod: Pod, now: Date): GraceStep | undefined {
  const raw = graceOf(pod);
  if (raw === undefined) return undefined;
  const grace = parseJson(raw);
  if (!isJsonObject(grace)) throw new Error(`invalid ${INPLACE_GRACE_ANNOTATION} annotation`);
  const a = pod.metadata?.annotations ?? {};
  const stateRaw = a[INPLACE_STATE_ANNOTATION] ?? a[INPLACE_STATE_ANNOTATION_OLD];
  if (stateRaw === undefined)
    throw new Error(
      `pod has ${INPLACE_GRACE_ANNOTATION} but ${INPLACE_STATE_ANNOTATION} not found`,
    );
  const state = parseJson(stateRaw);
  if (!isJsonObject(state)) return { kind: 'none' }; // OpenKruise gives up quietly here
  const revision = typeof grace['revision'] === 'string' ? grace['revision'] : '';
  if ((pod.metadata?.labels?.[REVISION_LABEL] ?? '') !== revision) return { kind: 'drop' };
  const graceMs = (typeof grace['graceSeconds'] === 'number' ? grace['graceSeconds'] : 0) * 1000;
  const since = typeof state['updateTimestamp'] === 'string' ? state['updateTimestamp'] : '';
  const span = now.getTime() - metaTimeMs(since);
  if (span < graceMs) return { kind: 'wait', ms: Math.ceil((graceMs - span) / 1000) * 1000 };
  const images: Record<string, string> = {};
  const imagesRaw = grace['containerImages'];
  if (isJsonObject(imagesRaw))
    for (const [k, v] of Object.entries(imagesRaw)) if (typeof v === 'string') images[k] = v;
  const meta = metadataChanges(pod, grace['metaDataPatch']);
  const spec: InPlaceSpec = { revision, images, ...meta };
  const body: JsonObject = {
    metadata: {
      ...(Object.keys(meta.labels).length > 0 && { labels: meta.labels }),
      annotations: {
        ...meta.annotations,
        [INPLACE_STATE_ANNOTATION]: stateAnnotation(pod, spec, now, since),
        ...DROP_GRACE,
      },
    },
    spec: {
      containers: (pod.spec?.containers ?? [])
        .filter((c) => Object.hasOwn(images, c.name))
        .map((c) => ({ name: c.name, image: images[c.name] ?? '' })),
    },
  };
  return { kind: 'patch', spec, body };
}

/**
 * The strategic patch of updatePodInPlace (l. 314-357) for a pod in
 * lifecycle state `state` (a pod with a state moves to Updating): without a
 * grace period the images, the template's metadata and the full state;
 * with one only the revision, the short state and the grace annotation.
 */
export function updatePodInPlaceBody(
  pod: Pod,
  spec: InPlaceSpec,
  state: string,
  now: Date,
  graceSeconds: number,
): JsonObject {
  const a = pod.metadata?.annotations ?? {};
  const lifecycle = state !== '';
  const labels = {
    ...(graceSeconds <= 0 && spec.labels),
    [REVISION_LABEL]: spec.revision,
    ...(lifecycle && { [LIFECYCLE_STATE_LABEL]: 'Updating' }),
  };
  const annotations = {
    ...(graceSeconds <= 0 && spec.annotations),
    ...(lifecycle && { [LIFECYCLE_TIMESTAMP_ANNOTATION]: rfc3339Seconds(now) }),
    [INPLACE_STATE_ANNOTATION]:
      graceSeconds > 0
        ? graceStateAnnotation(spec.revision, metaTime(now))
        : stateAnnotation(pod, spec, now),
    [INPLACE_STATE_ANNOTATION_OLD]: null,
    ...(graceSeconds > 0
      ? { [INPLACE_GRACE_ANNOTATION]: graceAnnotation(spec, graceSeconds) }
      : graceOf(pod) !== undefined || Object.hasOwn(a, INPLACE_GRACE_ANNOTATION_OLD)
        ? DROP_GRACE
        : {}),
  };
  if (graceSeconds > 0) return { metadata: { labels, annotations } };
  const containers = (pod.spec?.containers ?? [])
    .filter((c) => Object.hasOwn(spec.images, c.name))
    .map((c) => ({ name: c.name, image: spec.images[c.name] ?? '' }));
  return { metadata: { labels, annotations }, spec: { containers } };
}
