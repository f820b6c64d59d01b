/**
 * Audit intake: the EventList envelope is refused whole with its first bad
 * field; each record names its object or says why not, and a bad record is
 * skipped (marked malformed) while the rest of its batch is kept.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadEvent } from '../../../events/load.js';
import { auditItems, refOfAuditRecord } from './audit.js';
import { auditBatch } from './batch.js';

type Fields = Record<string, unknown>;
type List = { kind?: unknown; apiVersion?: unknown; items: Fields[] };

const list = (): List => loadEvent<List>('audit', 'pod-create-and-status');
/** The pod create of the sample batch, with `edit` applied to a fresh copy. */
const record = (edit: (r: Fields) => void = () => undefined): Fields => {
  const r = list().items[0] as Fields;
  edit(r);
  return r;
};
const AUDIT_ID = '8ef7a546-a62c-446a-8d37-f0045e25edbb';

describe('auditItems', () => {
  const envelope = (edit: (l: Fields) => void): unknown => {
    const l = list() as unknown as Fields;
    edit(l);
    return l;
  };
  const rows: { name: string; body: unknown; error: string }[] = [
    {
      name: 'an Event instead of an EventList',
      body: envelope((l) => (l['kind'] = 'Event')),
      error: "not an audit.k8s.io/v1 EventList: /kind: Expected 'EventList'",
    },
    {
      name: 'no kind',
      body: envelope((l) => delete l['kind']),
      error: 'not an audit.k8s.io/v1 EventList: /kind: Expected required property',
    },
    {
      name: 'audit.k8s.io/v1beta1',
      body: envelope((l) => (l['apiVersion'] = 'audit.k8s.io/v1beta1')),
      error: "not an audit.k8s.io/v1 EventList: /apiVersion: Expected 'audit.k8s.io/v1'",
    },
    {
      name: 'items an object',
      body: envelope((l) => (l['items'] = { 0: record() })),
      error: 'not an audit.k8s.io/v1 EventList: /items: Expected array',
    },
    {
      name: 'items null',
      body: envelope((l) => (l['items'] = null)),
      error: 'not an audit.k8s.io/v1 EventList: /items: Expected array',
    },
    {
      name: 'no items',
      body: envelope((l) => delete l['items']),
      error: 'not an audit.k8s.io/v1 EventList: /items: Expected required property',
    },
    { name: 'null', body: null, error: 'not an audit.k8s.io/v1 EventList: /: Expected object' },
    {
      name: 'an array of events',
      body: list().items,
      error: 'not an audit.k8s.io/v1 EventList: /: Expected object',
    },
    {
      name: 'a string',
      body: 'EventList',
      error: 'not an audit.k8s.io/v1 EventList: /: Expected object',
    },
  ];
  for (const { name, body, error } of rows) {
    it(`refuses ${name}`, () => {
      assert.deepStrictEqual(auditItems(body), { error });
      assert.deepStrictEqual(auditBatch(body), { error });
    });
  }

  it('takes an empty EventList', () => {
    assert.deepStrictEqual(auditBatch(envelope((l) => (l['items'] = []))), {
      kind: 'refs',
      refs: [],
      skipped: [],
    });
  });
});

describe('refOfAuditRecord', () => {
  const rows: { name: string; record: unknown; want: ReturnType<typeof refOfAuditRecord> }[] = [
    {
      name: 'a pod create names the pod',
      record: record(),
      want: {
        ref: {
          group: '',
          version: 'v1',
          resource: 'pods',
          namespace: 'web',
          name: 'web-0',
          verb: 'create',
        },
      },
    },
    {
      name: 'a pods/status update names the pod, with its subresource',
      record: list().items[1],
      want: {
        ref: {
          group: '',
          version: 'v1',
          resource: 'pods',
          subresource: 'status',
          namespace: 'web',
          name: 'web-0',
          verb: 'update',
        },
      },
    },
    {
      name: 'a cluster-scoped object of a group has no namespace',
      record: record((r) => {
        r['objectRef'] = {
          resource: 'sidecarsets',
          name: 'log-agent',
          apiGroup: 'apps.kruise.io',
          apiVersion: 'v1alpha1',
        };
      }),
      want: {
        ref: {
          group: 'apps.kruise.io',
          version: 'v1alpha1',
          resource: 'sidecarsets',
          name: 'log-agent',
          verb: 'create',
        },
      },
    },
    {
      name: 'a resource no controller watches is still named (mapping finds no key for it)',
      record: record((r) => {
        r['objectRef'] = { resource: 'services', namespace: 'web', name: 'web' };
      }),
      want: {
        ref: { group: '', resource: 'services', namespace: 'web', name: 'web', verb: 'create' },
      },
    },
    {
      name: 'a patch and a delete are writes',
      record: record((r) => (r['verb'] = 'patch')),
      want: {
        ref: {
          group: '',
          version: 'v1',
          resource: 'pods',
          namespace: 'web',
          name: 'web-0',
          verb: 'patch',
        },
      },
    },
    {
      name: 'an event without objectRef names nothing',
      record: record((r) => delete r['objectRef']),
      want: { skip: 'no objectRef.resource', auditID: AUDIT_ID },
    },
    {
      name: 'an objectRef without resource names nothing',
      record: record((r) => (r['objectRef'] = { namespace: 'web', name: 'web-0' })),
      want: { skip: 'no objectRef.resource', auditID: AUDIT_ID },
    },
    {
      name: 'a create by generateName names no object yet',
      record: list().items[2],
      want: { skip: 'no objectRef.name', auditID: '90d36f7c-49e7-4e1d-8dbd-97be89f5746a' },
    },
    {
      name: 'a stage before ResponseComplete',
      record: record((r) => (r['stage'] = 'RequestReceived')),
      want: { skip: 'stage RequestReceived', auditID: AUDIT_ID },
    },
    {
      name: 'a read',
      record: record((r) => (r['verb'] = 'get')),
      want: { skip: 'verb get', auditID: AUDIT_ID },
    },
    {
      name: 'a deletecollection (it names no object)',
      record: record((r) => (r['verb'] = 'deletecollection')),
      want: { skip: 'verb deletecollection', auditID: AUDIT_ID },
    },
    {
      name: 'a failed write',
      record: record((r) => (r['responseStatus'] = { code: 409 })),
      want: { skip: 'response code 409', auditID: AUDIT_ID },
    },
    {
      name: 'a write without a response status',
      record: record((r) => delete r['responseStatus']),
      want: { skip: 'response code 0', auditID: AUDIT_ID },
    },
    {
      name: 'null',
      record: null,
      want: { skip: 'not an audit event: /: Expected object', malformed: true },
    },
    {
      name: 'an EventList in place of an Event',
      record: record((r) => (r['kind'] = 'EventList')),
      want: { skip: "not an audit event: /kind: Expected 'Event'", malformed: true },
    },
    {
      name: 'a record without auditID',
      record: record((r) => delete r['auditID']),
      want: { skip: 'not an audit event: /auditID: Expected required property', malformed: true },
    },
    {
      name: 'a verb that is not a string',
      record: record((r) => (r['verb'] = ['create'])),
      want: { skip: 'not an audit event: /verb: Expected string', malformed: true },
    },
    {
      name: 'objectRef null',
      record: record((r) => (r['objectRef'] = null)),
      want: { skip: 'not an audit event: /objectRef: Expected object', malformed: true },
    },
    {
      name: 'an objectRef name that is not a string',
      record: record((r) => (r['objectRef'] = { resource: 'pods', namespace: 'web', name: 7 })),
      want: { skip: 'not an audit event: /objectRef/name: Expected string', malformed: true },
    },
    {
      name: "a name '..' (it would address the namespace)",
      record: record((r) => (r['objectRef'] = { resource: 'pods', namespace: 'web', name: '..' })),
      want: { skip: `objectRef.name: ".." may not be '..'`, auditID: AUDIT_ID, malformed: true },
    },
    {
      name: "a name '.'",
      record: record((r) => (r['objectRef'] = { resource: 'nodes', name: '.' })),
      want: { skip: `objectRef.name: "." may not be '.'`, auditID: AUDIT_ID, malformed: true },
    },
    {
      name: 'a name with a slash and a percent sign',
      record: record(
        (r) => (r['objectRef'] = { resource: 'pods', namespace: 'web', name: 'a/%2F' }),
      ),
      want: {
        skip: `objectRef.name: "a/%2F" may not contain '/', may not contain '%'`,
        auditID: AUDIT_ID,
        malformed: true,
      },
    },
    {
      name: "a namespace '..'",
      record: record(
        (r) => (r['objectRef'] = { resource: 'pods', namespace: '..', name: 'web-0' }),
      ),
      want: {
        skip: `objectRef.namespace: ".." may not be '..'`,
        auditID: AUDIT_ID,
        malformed: true,
      },
    },
    {
      name: 'a response code that is not an integer',
      record: record((r) => (r['responseStatus'] = { code: 200.5 })),
      want: { skip: 'not an audit event: /responseStatus/code: Expected integer', malformed: true },
    },
  ];
  for (const { name, record: r, want } of rows) {
    it(name, () => assert.deepStrictEqual(refOfAuditRecord(r), want));
  }
});

describe('auditBatch', () => {
  it('skips a bad item with where it was, and keeps the rest', () => {
    const l = list();
    const [create, status, generated] = l.items;
    l.items = [create, 'not an event', status, generated, { ...create, verb: 7 }] as Fields[];
    const batch = auditBatch(l);
    assert.ok(!('error' in batch) && batch.kind === 'refs');
    assert.deepStrictEqual(
      batch.refs.map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ''}`),
      ['create pods', 'update pods/status'],
    );
    assert.deepStrictEqual(batch.skipped, [
      { at: 'items.1', reason: 'not an audit event: /: Expected object', malformed: true },
      { at: 'items.3', reason: 'no objectRef.name' },
      { at: 'items.4', reason: 'not an audit event: /verb: Expected string', malformed: true },
    ]);
  });
});
