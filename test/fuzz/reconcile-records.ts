/**
 * Audit records for the reconcile intake fuzz test, from the recorded samples
 * (events/audit): a record as the apiserver sent it, maybe with long or
 * unicode strings where any string goes (`good`); one with random edits that
 * may or may not leave it an audit event (`any`); and a `bad` one, which
 * names a poisoned object (POISON in its name and namespace) and then takes
 * one edit that makes it no audit event at all. Any request that mentions
 * POISON is I/O a malformed record caused.
 */
import { eventNames, loadEvent } from '../../events/load.js';
import { isRecord, type Json, type JsonMutator, type JsonRecord } from './json-mutations.js';

export const POISON = 'poison';
export const POISONED_NAMESPACE = `${POISON}-ns`;

const SAMPLES: readonly JsonRecord[] = eventNames('audit').flatMap(
  (name) => loadEvent<{ items: JsonRecord[] }>('audit', name).items,
);
const REQUIRED = ['level', 'auditID', 'stage', 'requestURI', 'verb', 'user'];
const REQUIRED_STRINGS = ['level', 'auditID', 'stage', 'requestURI', 'verb'];

/** What a record is, as the generator made it. */
export type RecordKind = 'good' | 'any' | 'bad';

export function auditRecords(m: JsonMutator) {
  let serial = 0;
  const sample = (): JsonRecord => structuredClone(m.pick(SAMPLES));

  /** A recorded event, sometimes with long or odd strings where the schema takes any string. */
  const good = (): JsonRecord => {
    const r = sample();
    if (m.chance(0.15)) r['user'] = { username: m.text(), groups: [m.text()] };
    if (m.chance(0.1)) r['annotations'] = { [m.text() || 'k']: m.text() };
    if (m.chance(0.1)) r['requestURI'] = `/api/v1/${m.text()}`;
    return r;
  };

  /** A valid write naming a poisoned pod: what a broken envelope carries inside. */
  const poisoned = (): JsonRecord => ({
    ...sample(),
    stage: 'ResponseComplete',
    verb: m.pick(['create', 'update', 'patch', 'delete']),
    responseStatus: { code: 200 },
    objectRef: {
      resource: 'pods',
      apiVersion: 'v1',
      namespace: POISONED_NAMESPACE,
      name: `${POISON}-${serial++}`,
    },
  });

  const ref = (r: JsonRecord): JsonRecord => {
    const o = r['objectRef'];
    return isRecord(o) ? o : {};
  };
  /** Edits each of which leaves no audit.k8s.io/v1 Event (or none that can name an object). */
  const breaks: readonly ((r: JsonRecord) => Json)[] = [
    (r) => (delete r[m.pick(REQUIRED)], r),
    (r) => ((r[m.pick(REQUIRED_STRINGS)] = m.pick([null, 7, [], {}, true])), r),
    (r) => ((r['user'] = m.pick([null, 'admin', [], 3])), r),
    (r) => ((r['kind'] = m.pick(['EventList', 'event', '', 1, null])), r),
    (r) => ((r['apiVersion'] = m.pick(['audit.k8s.io/v1beta1', 'v1', '', 2, null])), r),
    (r) => ((ref(r)['name'] = m.pick(['..', '.', `${POISON}/status`, `${POISON}%2Fx`])), r),
    (r) => ((ref(r)['namespace'] = m.pick(['..', '.', `${POISONED_NAMESPACE}/x`])), r),
    (r) => {
      ref(r)[m.pick(['name', 'namespace', 'resource', 'apiGroup', 'subresource', 'uid'])] = m.pick([
        7,
        null,
        [POISON],
        {},
        false,
      ]);
      return r;
    },
    (r) => {
      r['responseStatus'] = m.pick([{ code: '200' }, { code: 200.5 }, { code: null }, 'OK', []]);
      return r;
    },
    (r) => ((r['objectRef'] = m.pick([POISON, 1, [ref(r)], null])), r),
    (r) => m.pick([null, POISON, 42, [r], true]),
  ];
  const bad = (): Json => m.pick(breaks)(poisoned());

  const any = (): Json => {
    const r: Json = sample();
    m.mutateTree(r);
    return r;
  };

  /** `count` kinds of record, good and bad by the weights given, any otherwise. */
  const kinds = (count: number, weights = { good: 0.35, bad: 0.4 }): RecordKind[] =>
    Array.from({ length: count }, () => {
      const p = m.int(1000) / 1000;
      return p < weights.good ? 'good' : p < weights.good + weights.bad ? 'bad' : 'any';
    });

  const record = (kind: RecordKind): Json =>
    kind === 'good' ? good() : kind === 'bad' ? bad() : any();

  /** A log event's message for a record of `kind`: bad ones are sometimes JSON cut short. */
  const message = (kind: RecordKind): string => {
    if (kind === 'good') return JSON.stringify(good());
    if (kind === 'bad') {
      if (m.chance(0.3)) return m.truncate(JSON.stringify(poisoned()));
      if (m.chance(0.1)) return `${POISON} is not JSON`;
      return JSON.stringify(bad());
    }
    return m.chance(0.8) ? JSON.stringify(any()) : m.text();
  };

  return { good, poisoned, bad, any, kinds, record, message };
}
