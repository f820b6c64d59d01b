/**
 * POST /audit inputs for the reconcile intake fuzz test, from the recorded
 * EventLists: envelopes that are no audit.k8s.io/v1 EventList (wrong kind or
 * version, items not an array, a scalar, JSON cut short, over the body cap),
 * random edits, and valid EventLists of good, bad and any records.
 */
import type { Json, JsonMutator, JsonRecord } from './json-mutations.js';
import type { HttpCase } from './reconcile-case.js';
import { auditRecords } from './reconcile-records.js';

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', ''];

export function auditCases(m: JsonMutator, maxBodyBytes: number) {
  const records = auditRecords(m);
  const list = (items: Json[]): JsonRecord => ({
    kind: 'EventList',
    apiVersion: 'audit.k8s.io/v1',
    metadata: {},
    items,
  });
  const poisonedList = () => list(Array.from({ length: 1 + m.int(3) }, records.poisoned));
  // The route reads any content type as JSON.
  const headers = (): Record<string, string> => {
    const type = m.chance(0.9)
      ? m.pick(JSON_TYPES)
      : m.pick(['application/cloudevents+json', 'x/y']);
    return type === '' ? {} : { 'content-type': type };
  };

  /** One POST /audit. */
  return function audit(): HttpCase {
    const k = m.int(100);
    if (k < 15) {
      const items: Json[] = Array.from({ length: 1 + m.int(3) }, records.poisoned);
      const l = list(items);
      const breaks: [string, () => Json][] = [
        ['kind', () => ({ ...l, kind: m.pick(['Event', 'List', '', null, 1]) })],
        ['apiVersion', () => ({ ...l, apiVersion: m.pick(['audit.k8s.io/v1beta1', 'v1', null]) })],
        ['no kind', () => ({ ...l, kind: undefined }) as unknown as Json],
        ['items', () => ({ ...l, items: m.pick([{ 0: items }, items[0] ?? null, 'items', null]) })],
        ['no items', () => ({ ...l, items: undefined }) as unknown as Json],
        ['an array of events', () => items],
        ['a scalar', () => m.pick([null, 0, 'EventList', true])],
      ];
      const [what, make] = m.pick(breaks);
      return {
        what: `audit envelope: ${what}`,
        headers: headers(),
        body: JSON.stringify(make()),
        expect: 'reject',
        live: 0,
      };
    }
    if (k < 27) {
      const body = m.chance(0.7)
        ? m.truncate(JSON.stringify(poisonedList()))
        : m.pick([
            '',
            'null',
            '{',
            '\u00ff\u00fe',
            "{'kind':'EventList'}",
            'NaN',
            '[',
            '{"kind":"EventList",}',
          ]);
      return {
        what: 'audit body: not an EventList',
        headers: headers(),
        body,
        expect: 'reject',
        live: 0,
      };
    }
    if (k < 28) {
      const body = JSON.stringify({ ...poisonedList(), pad: 'p'.repeat(maxBodyBytes) });
      return {
        what: 'audit body: over the cap',
        headers: headers(),
        body,
        expect: 'reject',
        live: 0,
      };
    }
    if (k < 40) {
      const l: Json = list(records.kinds(1 + m.int(4), { good: 1, bad: 0 }).map(records.record));
      m.mutateTree(l);
      return {
        what: 'audit: random edits',
        headers: headers(),
        body: JSON.stringify(l),
        expect: 'any',
        live: 1,
      };
    }
    const kinds = records.kinds(m.int(7));
    const body = JSON.stringify(list(kinds.map(records.record)));
    const bad = kinds.filter((kind) => kind === 'bad').length;
    return {
      what: 'audit: records',
      headers: headers(),
      body,
      expect: 'accept',
      live: kinds.length - bad,
      bad,
    };
  };
}
