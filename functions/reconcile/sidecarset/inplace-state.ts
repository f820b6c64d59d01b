/**
 * `kruise.io/sidecarset-inplace-update-state` (SPEC §2.7): per SidecarSet
 * name, OpenKruise's `pub.InPlaceUpdateState`
 * (`kruise@v1.7.4:apis/apps/pub/inplace_update.go`): the SidecarSet hash
 * when the first in-place update began, its time, and the imageID each
 * changed container had before the update. Read as Go's json.Unmarshal reads
 * it (fields matched case-insensitively, `null` as zero, RFC 3339 times) and
 * written as json.Marshal writes it (names sorted, fields in Go order).
 */
import { compareGoKeys, goMarshal } from '../../../shared/go/json.js';
import { goJsonSyntaxError } from '../../../shared/go/json-syntax.js';
import { isJsonObject } from '../../../shared/json.js';
import { normalizeTimestamp } from '../../../shared/sidecarset/upgrade-spec.js';

export interface InPlaceUpdateState {
  readonly revision: string;
  /** RFC 3339 seconds; null for Go's zero time. */
  readonly updateTimestamp: string | null;
  /** Container name → imageID before the update; null for a nil map. */
  readonly lastContainerStatuses: Readonly<Record<string, string>> | null;
  /**
   * The fields OpenKruise's SidecarSet controller never writes
   * (updateEnvFromMetadata … containerBatchesRecord), kept as read.
   */
  readonly others: readonly (readonly [string, unknown])[];
}

/** Null entries are Go's nil pointers, which marshal as `null`. */
export type InPlaceUpdateStates = Record<string, InPlaceUpdateState | null>;

const OTHER_FIELDS = [
  'updateEnvFromMetadata',
  'nextContainerImages',
  'nextContainerRefMetadata',
  'preCheckBeforeNext',
  'containerBatchesRecord',
] as const;

const fieldNamed = <T extends string>(fields: readonly T[], key: string): T | undefined =>
  fields.find((f) => f === key) ?? fields.find((f) => f.toLowerCase() === key.toLowerCase());

function readImageIDs(value: unknown): Record<string, string> | null | undefined {
  if (value === null) return null;
  if (!isJsonObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [name, status] of Object.entries(value)) {
    if (status === null) {
      out[name] = '';
      continue;
    }
    if (!isJsonObject(status)) return undefined;
    let imageID = '';
    for (const [k, v] of Object.entries(status)) {
      if (k.toLowerCase() !== 'imageid' || v === null) continue;
      if (typeof v !== 'string') return undefined;
      imageID = v;
    }
    out[name] = imageID;
  }
  return out;
}

function readState(value: unknown): InPlaceUpdateState | null | undefined {
  if (value === null) return null;
  if (!isJsonObject(value)) return undefined;
  let revision = '';
  let updateTimestamp: string | null = null;
  let lastContainerStatuses: Record<string, string> | null = null;
  const others: [string, unknown][] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = fieldNamed(['revision', 'updateTimestamp', 'lastContainerStatuses'], key);
    if (field === 'revision') {
      if (v !== null && typeof v !== 'string') return undefined;
      revision = v ?? '';
    } else if (field === 'updateTimestamp') {
      const ts = v === null ? null : typeof v === 'string' ? normalizeTimestamp(v) : undefined;
      if (ts === undefined) return undefined;
      updateTimestamp = ts;
    } else if (field === 'lastContainerStatuses') {
      const ids = readImageIDs(v);
      if (ids === undefined) return undefined;
      lastContainerStatuses = ids;
    } else {
      const other = fieldNamed(OTHER_FIELDS, key);
      if (other !== undefined) others.push([other, v]);
    }
  }
  others.sort(([a], [b]) => OTHER_FIELDS.indexOf(a as never) - OTHER_FIELDS.indexOf(b as never));
  return { revision, updateTimestamp, lastContainerStatuses, others };
}

/** The states, or undefined when Go's json.Unmarshal fails on `text`. */
export function readInPlaceUpdateStates(text: string): InPlaceUpdateStates | undefined {
  if (goJsonSyntaxError(text) !== undefined) return undefined;
  const doc: unknown = JSON.parse(text);
  if (doc === null) return {};
  if (!isJsonObject(doc)) return undefined;
  const states: InPlaceUpdateStates = {};
  for (const [name, value] of Object.entries(doc)) {
    const state = readState(value);
    if (state === undefined) return undefined;
    states[name] = state;
  }
  return states;
}

/** omitempty of the fields kept as read: false, nil or empty maps and slices (a pointer struct stays). */
const isOmitted = (field: string, v: unknown): boolean =>
  v === null ||
  v === false ||
  (Array.isArray(v) && v.length === 0) ||
  (isJsonObject(v) && Object.keys(v).length === 0 && field !== 'preCheckBeforeNext');

function marshalState(state: InPlaceUpdateState | null): string {
  if (state === null) return 'null';
  const ids = state.lastContainerStatuses;
  const statuses =
    ids === null
      ? 'null'
      : goMarshal(
          Object.fromEntries(
            Object.entries(ids).map(([name, id]) => [name, id === '' ? {} : { imageID: id }]),
          ),
        );
  const others = state.others
    .filter(([k, v]) => !isOmitted(k, v))
    .map(([k, v]) => `,${goMarshal(k)}:${goMarshal(v)}`)
    .join('');
  return (
    `{"revision":${goMarshal(state.revision)},"updateTimestamp":${goMarshal(state.updateTimestamp)},` +
    `"lastContainerStatuses":${statuses}${others}}`
  );
}

/** json.Marshal(map[string]*InPlaceUpdateState). */
export function formatInPlaceUpdateStates(states: InPlaceUpdateStates): string {
  const names = Object.keys(states).sort(compareGoKeys);
  return `{${names.map((n) => `${goMarshal(n)}:${marshalState(states[n] ?? null)}`).join(',')}}`;
}
