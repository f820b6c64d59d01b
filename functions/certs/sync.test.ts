import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certsConfigFrom } from './pki/config.js';
import { bundles } from './bundle-fixtures.js';
import { ConflictError } from '../../shared/kube/api-error.js';
import { memoryIO } from './memory-io.js';
import { toCaBundle } from './plan-ca-bundles.js';
import { certsFromSecret, secretData } from './plan-secret.js';
import { syncCerts } from './sync.js';
import { DAY_MS, T0, captureLog, installation } from './test-fixtures.js';

const config = certsConfigFrom({});
const selfSigned = { config, externalCerts: false, now: () => new Date(T0.getTime() + DAY_MS) };
/** What the spine adds to each line of a step. */
const step = {
  controller: 'webhook-controller',
  controllerKind: 'Secret',
  Secret: { name: 'kruise-webhook-certs', namespace: 'kruise-system' },
  reconcileID: '<uuid>',
};
const own = { controller: 'webhook-controller' };
const WRITTEN = [
  'MutatingWebhookConfiguration/kruise-mutating-webhook-configuration',
  'ValidatingWebhookConfiguration/kruise-validating-webhook-configuration',
  'CustomResourceDefinition/statefulsets.apps.kruise.io',
];

describe('syncCerts (self-signed)', () => {
  it('first sync creates the Secret and writes caBundles; the second writes nothing', async () => {
    const io = memoryIO({ secret: undefined, bundles: bundles() });
    const first = captureLog();
    assert.deepEqual(await syncCerts(io, selfSigned, first.log), {
      mode: 'self-signed',
      secret: 'created',
      written: WRITTEN,
      problems: [],
    });
    assert.deepEqual(io.writes, ['create Secret', ...WRITTEN.map((w) => `update ${w}`)]);
    const caBundle = toCaBundle(certsFromSecret(io.state.secret?.data ?? {}).caCertPem);
    assert.deepEqual(io.state.bundles.crds[0], {
      ...bundles(caBundle).crds[0],
      metadata: { name: 'statefulsets.apps.kruise.io', resourceVersion: '1004' },
    });
    assert.deepEqual(first.lines(), [
      { level: 30, ...own, msg: 'Starting to sync webhook certs and configurations' },
      {
        level: 30,
        ...step,
        reason: 'Secret not found',
        msg: 'Cert is invalid or expired, regenerating a new one',
      },
      { level: 30, ...step, to: '1001', msg: 'Cert writer created secret' },
      {
        level: 30,
        ...step,
        MutatingWebhookConfiguration: { name: 'kruise-mutating-webhook-configuration' },
        msg: 'Update caBundle success',
      },
      {
        level: 30,
        ...step,
        ValidatingWebhookConfiguration: { name: 'kruise-validating-webhook-configuration' },
        msg: 'Update caBundle success',
      },
      {
        level: 30,
        ...step,
        CustomResourceDefinition: { name: 'statefulsets.apps.kruise.io' },
        msg: 'Update caBundle success',
      },
      {
        level: 30,
        ...own,
        certs: 'created',
        written: 3,
        problems: 0,
        msg: 'Finished to sync webhook certs and configurations',
      },
    ]);

    const second = captureLog();
    const before = structuredClone(io.state);
    assert.deepEqual(await syncCerts(io, selfSigned, second.log), {
      mode: 'self-signed',
      secret: 'unchanged',
      written: [],
      problems: [],
    });
    assert.equal(io.writes.length, 4);
    assert.deepEqual(io.state, before);
    assert.deepEqual(second.lines(), [
      { level: 30, ...own, msg: 'Starting to sync webhook certs and configurations' },
      {
        level: 30,
        ...own,
        certs: 'unchanged',
        written: 0,
        problems: 0,
        msg: 'Finished to sync webhook certs and configurations',
      },
    ]);
  });

  it('a lost race re-reads and keeps the winner’s certs', async () => {
    const winner = secretData(await installation());
    const io = memoryIO({ secret: { resourceVersion: '5', data: {} }, bundles: bundles() });
    io.raceSecret((s) => {
      s.secret = { resourceVersion: '6', data: winner };
    });
    const { log, lines } = captureLog();
    const result = await syncCerts(io, selfSigned, log);
    assert.equal(result.secret, 'unchanged');
    assert.deepEqual(io.state.secret?.data, winner);
    assert.deepEqual(
      io.writes,
      WRITTEN.map((w) => `update ${w}`),
    );
    assert.deepEqual(
      lines().map((l) => l['msg']),
      [
        'Starting to sync webhook certs and configurations',
        'CA is invalid or expires within a year, generating a new one',
        'Cert is invalid or expired, regenerating a new one',
        'Object changed, observing again',
        'Update caBundle success',
        'Update caBundle success',
        'Update caBundle success',
        'Finished to sync webhook certs and configurations',
      ],
    );
    assert.deepEqual(lines()[2], {
      level: 30,
      ...step,
      reason: 'missing key, cert or CA',
      msg: 'Cert is invalid or expired, regenerating a new one',
    });
  });

  it('gives up after five conflicts in a row', async () => {
    const io = memoryIO({ secret: { resourceVersion: '5', data: {} }, bundles: bundles() });
    io.updateSecret = async () => {
      throw new ConflictError('the object has been modified', { status: 409 });
    };
    const { log } = captureLog();
    await assert.rejects(syncCerts(io, selfSigned, log), ConflictError);
  });

  it('reports a corrupt key and an expiring CA, regenerates, and is clean on the next run', async () => {
    const data = secretData(await installation());
    data['ca-key.pem'] = Buffer.from('not a key').toString('base64');
    data['key.pem'] = data['ca-key.pem'];
    const io = memoryIO({ secret: { resourceVersion: '5', data }, bundles: bundles() });
    const { log, lines } = captureLog();
    await syncCerts(io, selfSigned, log);
    assert.deepEqual(lines()[1], {
      level: 40,
      ...step,
      reason: 'CA key: not a parseable private key PEM',
      msg: 'CA is invalid or expires within a year, generating a new one',
    });
    assert.equal(lines()[2]?.['msg'], 'Cert is invalid or expired, regenerating a new one');
    assert.deepEqual(lines()[3], {
      level: 30,
      ...step,
      from: '5',
      to: '1001',
      msg: 'Cert writer update secret resourceVersion',
    });
    const next = captureLog();
    assert.deepEqual((await syncCerts(io, selfSigned, next.log)).secret, 'unchanged');
  });

  it('logs a missing webhook configuration and fixes it on the next run', async () => {
    const io = memoryIO({ secret: undefined, bundles: { ...bundles(), validating: undefined } });
    const first = captureLog();
    const result = await syncCerts(io, selfSigned, first.log);
    assert.deepEqual(result.problems, [
      'not found ValidatingWebhookConfiguration kruise-validating-webhook-configuration',
    ]);
    assert.deepEqual(first.lines().at(-2), {
      level: 50,
      ...step,
      problem: 'not found ValidatingWebhookConfiguration kruise-validating-webhook-configuration',
      msg: 'Failed to sync webhook certs and configurations',
    });
    io.state.bundles = { ...io.state.bundles, validating: bundles().validating };
    const next = captureLog();
    assert.deepEqual(await syncCerts(io, selfSigned, next.log), {
      mode: 'self-signed',
      secret: 'unchanged',
      written: ['ValidatingWebhookConfiguration/kruise-validating-webhook-configuration'],
      problems: [],
    });
  });

  it('warns about a bad CERTS_RENEW_BEFORE', async () => {
    const io = memoryIO({ secret: undefined, bundles: bundles() });
    const { log, lines } = captureLog();
    const opts = { ...selfSigned, config: certsConfigFrom({ CERTS_RENEW_BEFORE: '3w' }) };
    await syncCerts(io, opts, log);
    assert.deepEqual(lines()[1], {
      level: 40,
      ...own,
      problem: 'unknown date suffix "w"',
      msg: 'Invalid CERTS_RENEW_BEFORE, using 180 days',
    });
  });
});

describe('syncCerts (EnableExternalCerts)', () => {
  const external = { ...selfSigned, externalCerts: true };
  const CA = Buffer.from('external CA').toString('base64');

  it('writes nothing and accepts injected caBundles', async () => {
    const secret = { resourceVersion: '3', data: { 'ca.crt': CA, 'tls.crt': CA, 'tls.key': CA } };
    const io = memoryIO({ secret, bundles: bundles(CA) });
    const { log, lines } = captureLog();
    assert.deepEqual(await syncCerts(io, external, log), {
      mode: 'external',
      secret: 'checked',
      written: [],
      problems: [],
    });
    assert.deepEqual(io.writes, []);
    assert.deepEqual(lines().at(-1), {
      level: 30,
      ...own,
      problems: 0,
      msg: 'Finished to sync webhook certs and configurations',
    });
  });

  it('writes nothing when caBundles are missing, and logs OpenKruise’s messages', async () => {
    const io = memoryIO({
      secret: { resourceVersion: '3', data: { 'ca.crt': CA } },
      bundles: bundles(),
    });
    const { log, lines } = captureLog();
    const result = await syncCerts(io, external, log);
    assert.deepEqual(io.writes, []);
    assert.equal(result.problems.length, 3);
    assert.deepEqual(lines()[1], {
      level: 50,
      ...step,
      problem:
        'caBundle of MutatingWebhookConfiguration kruise-mutating-webhook-configuration does not match the external caBundle',
      msg: 'Failed to sync webhook certs and configurations',
    });
  });
});
