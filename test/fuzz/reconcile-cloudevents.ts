/**
 * CloudEvents for the reconcile intake fuzz test: each sample sent in binary
 * or structured content mode, valid (sometimes with long or unicode strings
 * and extension attributes), with one break that must be refused
 * (reconcile-cloudevent-breaks.ts; the event then names a poisoned object),
 * over the body cap, or with random edits.
 */
import { isRecord, type JsonMutator, type JsonRecord } from './json-mutations.js';
import type { HttpCase } from './reconcile-case.js';
import { cloudEventBreaks } from './reconcile-cloudevent-breaks.js';
import { SAMPLES, cloudEventCodec } from './reconcile-cloudevent-codec.js';

/** Breaks that send the event in one content mode whatever mode was drawn. */
const ONE_MODE: Readonly<Record<string, string>> = {
  'id or source not a string': 'structured',
  'subject or datacontenttype not a string': 'structured',
  'a structured body that is no JSON object': 'structured',
  'an event format other than JSON': 'structured',
  'no ce-id and no structured type': 'binary',
  'a binary body that is no JSON object': 'binary',
  'a batch': 'batched',
};

export function cloudEventCases(m: JsonMutator, maxBodyBytes: number) {
  const codec = cloudEventCodec(m);
  const { send, isApiServer, named, poison } = codec;
  const { attributeBreaks, dataBreaks } = cloudEventBreaks(m, codec);

  return function cloudEvent(): HttpCase {
    const e = structuredClone(m.pick(SAMPLES));
    const mode = m.chance(0.5) ? 'binary' : 'structured';
    const api = isApiServer(e);
    const k = m.int(100);
    if (k < 45) {
      const [what, make] = m.pick(api && m.chance(0.5) ? dataBreaks : attributeBreaks);
      return {
        what: `cloudevent (${ONE_MODE[what] ?? mode}): ${what}`,
        ...make(poison(e), mode),
        expect: 'reject',
        live: 0,
      };
    }
    if (k < 46) {
      e.data = { ...(isRecord(e.data) ? e.data : {}), pad: 'p'.repeat(maxBodyBytes) };
      return {
        what: `cloudevent (${mode}): over the cap`,
        ...send(poison(e), mode),
        expect: 'reject',
        live: 0,
      };
    }
    if (k < 72) {
      const both: JsonRecord = { ...e.attrs, data: e.data ?? null };
      m.mutateTree(both);
      const { data, ...attrs } = both;
      const what = `cloudevent (${mode}): random edits`;
      return { what, ...send({ attrs, data }, mode), expect: 'any', live: 1, resync: !api };
    }
    // Attributes of a string that stays non-empty as a trimmed header (subject's minimum is 1).
    if (m.chance(0.2))
      e.attrs[m.pick(['knativearrivaltime', 'traceparent', 'subject'])] = `v-${m.text()}`;
    if (api && m.chance(0.2)) {
      const n = named(e);
      n['labels'] = { app: m.text() };
      n['annotations'] = { note: m.text() };
    }
    return {
      what: `cloudevent (${mode}): valid`,
      ...send(e, mode),
      expect: 'accept',
      live: api ? 1 : 0,
      resync: !api,
    };
  };
}
