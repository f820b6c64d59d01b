import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAdmissionEvent } from '../../events/admission/load.js';
import { allow, deny } from './review/decision.js';
import type { AdmissionRoute } from './review/route.js';
import type { JsonObject } from '../../shared/json.js';
import { createLogger } from '../../shared/log/index.js';
import { captureLines } from '../../shared/log/test-support.js';
import { createApp } from './app.js';

type Review = { request: JsonObject & { object: JsonObject } };

/** Small decisions standing in for the real ones: the shell does not care what they decide. */
const podKind = { kind: 'Pod', apiVersions: ['v1'] };
const routes: AdmissionRoute[] = [
  {
    path: '/mutate-pod',
    kind: podKind,
    fillNamespace: true,
    decide: ({ object }) => {
      const pod = structuredClone(object) as { metadata: { labels: Record<string, string> } };
      pod.metadata.labels['injected'] = 'true';
      return allow(pod);
    },
  },
  { path: '/validate-pod', kind: podKind, decide: () => deny(422, 'spec: Invalid value') },
  {
    path: '/gated',
    kind: podKind,
    beforeDecode: () => deny(403, 'feature-gate KruiseDaemon is not enabled'),
    decide: () => allow(),
  },
  {
    path: '/broken',
    kind: podKind,
    decide: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'containers')");
    },
  },
  {
    path: '/broken-shell',
    kind: podKind,
    // A failure of the shell itself, after the review was read (not the decision's).
    beforeDecode: () => {
      throw new RangeError('Invalid array length');
    },
    decide: () => allow(),
  },
];

function setup(ready = true) {
  const { lines, destination } = captureLines();
  const log = createLogger({ format: 'json', level: 0, destination, now: () => 0 });
  const app = createApp({
    log,
    routes,
    notReady: () => (ready ? undefined : 'SidecarSets not read yet'),
    maxBodyBytes: 64 * 1024,
  });
  const logged = () =>
    lines.map((l) => {
      const { ts: _ts, caller: _caller, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });
  return { app, logged };
}

const post = (path: string, body: string, contentType = 'application/json') => ({
  path,
  init: { method: 'POST', body, headers: { 'content-type': contentType } },
});
const reviewText = (edit: (r: Review) => void = () => undefined): string => {
  const r = loadAdmissionEvent<Review>('create-pod');
  edit(r);
  return JSON.stringify(r);
};
const UID = '705ab4f5-6393-11e8-b7cc-42010a800002';
const envelope = (response: object) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  response,
});

describe('admission app', () => {
  it('answers /healthz', async () => {
    const res = await setup().app.request('/healthz');
    assert.deepStrictEqual([res.status, await res.text()], [200, 'ok']);
  });

  const readiness = [
    { ready: false, want: [503, 'SidecarSets not read yet'] },
    { ready: true, want: [200, 'ok'] },
  ];
  for (const r of readiness) {
    it(`answers /readyz with ${r.want[0]} when ready is ${r.ready}`, async () => {
      const res = await setup(r.ready).app.request('/readyz');
      assert.deepStrictEqual([res.status, await res.text()], r.want);
    });
  }

  it('patches a pod without adding the namespace it filled in', async () => {
    const { app, logged } = setup();
    const { path, init } = post('/mutate-pod', reviewText());
    const res = await app.request(path, init);
    const body = (await res.json()) as { response: { patch: string } };
    const patch = JSON.parse(Buffer.from(body.response.patch, 'base64').toString()) as unknown;
    assert.equal(res.status, 200);
    assert.deepStrictEqual(
      { ...body, response: { ...body.response, patch } },
      envelope({
        uid: UID,
        allowed: true,
        patchType: 'JSONPatch',
        patch: [{ op: 'add', path: '/metadata/labels/injected', value: 'true' }],
      }),
    );
    assert.deepStrictEqual(logged(), []);
  });

  it('answers a denial in band', async () => {
    const { path, init } = post('/validate-pod', reviewText());
    const res = await setup().app.request(path, init);
    assert.equal(res.status, 200);
    assert.deepStrictEqual(
      await res.json(),
      envelope({ uid: UID, allowed: false, status: { code: 422, message: 'spec: Invalid value' } }),
    );
  });

  it('logs a failure after the review was read with the request’s fields, requestID included', async () => {
    const { app, logged } = setup();
    const { path, init } = post('/broken-shell', reviewText());
    const res = await app.request(path, init);
    assert.equal(res.status, 500);
    assert.deepStrictEqual(
      await res.json(),
      envelope({ uid: UID, allowed: false, status: { code: 500, message: 'internal error' } }),
    );
    assert.deepStrictEqual(logged(), [
      {
        msg: 'Admission request failed',
        object: { name: '', namespace: 'default' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        user: 'system:serviceaccount:kube-system:replicaset-controller',
        requestID: UID,
        err: 'Invalid array length',
        path: '/broken-shell',
        status: 500,
      },
    ]);
  });

  it('turns a decision that throws into an in-band 500 without its text and logs it with the request fields', async () => {
    const { app, logged } = setup();
    const { path, init } = post('/broken', reviewText());
    const res = await app.request(path, init);
    const message = "Cannot read properties of undefined (reading 'containers')";
    assert.equal(res.status, 200);
    assert.deepStrictEqual(
      await res.json(),
      envelope({ uid: UID, allowed: false, status: { code: 500, message: 'internal error' } }),
    );
    assert.deepStrictEqual(logged(), [
      {
        msg: 'Admission decision failed',
        object: { name: '', namespace: 'default' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        user: 'system:serviceaccount:kube-system:replicaset-controller',
        requestID: UID,
        err: message,
      },
    ]);
  });

  const malformed = [
    {
      name: 'bad JSON',
      request: post('/mutate-pod', '{"apiVersion"'),
      status: 400,
      uid: '',
      message:
        "Malformed JSON in request body: Expected ':' after property name in JSON at position 13",
    },
    {
      name: 'a wrong content type',
      request: post('/mutate-pod', reviewText(), 'text/plain'),
      status: 400,
      uid: '',
      message: 'contentType=text/plain, expected application/json',
    },
    {
      name: 'a missing uid',
      request: post(
        '/mutate-pod',
        reviewText((r) => delete r.request['uid']),
      ),
      status: 400,
      uid: '',
      message: 'request.uid is required',
    },
    {
      name: 'an object of the wrong type',
      request: post(
        '/mutate-pod',
        reviewText((r) => (r.request.object['kind'] = 'Service')),
      ),
      status: 400,
      uid: '',
      message: 'request.object is not a Pod: kind "Service"',
    },
    {
      name: 'a body over the cap',
      request: post('/mutate-pod', `{"pad":"${'x'.repeat(70 * 1024)}"}`),
      status: 413,
      uid: '',
      message: 'request entity is too large; limit is 65536 bytes',
    },
  ];
  for (const m of malformed) {
    it(`rejects ${m.name} with HTTP ${m.status} and logs one line`, async () => {
      const { app, logged } = setup();
      const res = await app.request(m.request.path, m.request.init);
      assert.equal(res.status, m.status);
      assert.deepStrictEqual(
        await res.json(),
        envelope({ uid: m.uid, allowed: false, status: { code: m.status, message: m.message } }),
      );
      assert.deepStrictEqual(logged(), [
        {
          msg: 'Rejected malformed admission request',
          path: '/mutate-pod',
          status: m.status,
          err: m.message,
        },
      ]);
    });
  }

  it('answers an object that does not decode in band with 400 and Go’s message, before deciding', async () => {
    const { app, logged } = setup();
    const { path, init } = post(
      '/mutate-pod',
      reviewText((r) => ((r.request.object['spec'] as { containers: unknown }).containers = {})),
    );
    const res = await app.request(path, init);
    const message =
      'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container';
    assert.equal(res.status, 200);
    assert.deepStrictEqual(
      await res.json(),
      envelope({ uid: UID, allowed: false, status: { code: 400, message } }),
    );
    assert.deepStrictEqual(logged(), [
      {
        msg: 'Admission object does not decode',
        object: { name: '', namespace: 'default' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        user: 'system:serviceaccount:kube-system:replicaset-controller',
        requestID: UID,
        reason: message,
      },
    ]);
  });

  it('hands the decision Go’s zero value for a null list item, and patches from the raw object', async () => {
    const { app } = setup();
    const { path, init } = post(
      '/mutate-pod',
      reviewText((r) => ((r.request.object['metadata'] as JsonObject)['finalizers'] = [null])),
    );
    const body = (await (await app.request(path, init)).json()) as { response: { patch: string } };
    assert.deepStrictEqual(JSON.parse(Buffer.from(body.response.patch, 'base64').toString()), [
      { op: 'replace', path: '/metadata/finalizers/0', value: '' },
      { op: 'add', path: '/metadata/labels/injected', value: 'true' },
    ]);
  });

  it('answers a route’s early answer before decoding the object', async () => {
    const { path, init } = post(
      '/gated',
      reviewText((r) => (r.request.object['spec'] = 'not a spec')),
    );
    const res = await setup().app.request(path, init);
    assert.deepStrictEqual(
      await res.json(),
      envelope({
        uid: UID,
        allowed: false,
        status: { code: 403, message: 'feature-gate KruiseDaemon is not enabled' },
      }),
    );
  });

  it('answers 404 for a path with no route', async () => {
    const { path, init } = post('/mutate-service', reviewText());
    const res = await setup().app.request(path, init);
    assert.deepStrictEqual([res.status, await res.text()], [404, '404 Not Found']);
  });
});
