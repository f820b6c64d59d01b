/**
 * The certs function and the admission function together over real TLS
 * (test/support/rotating-admission.ts): the kube-apiserver calls the
 * admission function, verifying it with the CA the certs sync wrote into the
 * webhook configurations, and pods get their sidecar. Then the serving
 * certificate is rotated three times while a fixed number of pods are
 * created, four at a time, until each switch and after the last: every
 * create succeeds and is injected, and after each switch a new handshake
 * presents the new certificate. Correctness only: whether a create is in
 * flight at the very moment of a switch depends on timing, so the paced run
 * of `make bench --cert-rotation` (creates/s, handshakes seen) is where many
 * switches meet many requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ControlPlane, startControlPlane } from '../support/control-plane.js';
import {
  type RotatingAdmission,
  SIDECAR,
  containerNames,
  fingerprintOf,
  podBody,
  startRotatingAdmission,
} from '../support/rotating-admission.js';

const ROTATIONS = 3;
const CREATES = 160;
// At most this many creates run alongside one rotation, so some are left for after the last.
const PHASE_MAX = 40;
const IN_FLIGHT = 4;

describe('admission over TLS with the certs function’s CA', () => {
  let cp: ControlPlane;
  let admission: RotatingAdmission;

  before(async () => {
    // Its own control plane: the certs sync writes cluster-wide webhook configurations.
    cp = await startControlPlane();
    admission = await startRotatingAdmission(cp, 'rotation');
  });

  after(async () => {
    await admission?.stop();
    await cp?.stop();
  });

  it('the certs sync issues the Secret and writes its CA into both configurations', () => {
    assert.equal(admission.firstSync.secret, 'created');
    assert.deepEqual(admission.firstSync.problems, []);
    assert.deepEqual(admission.firstSync.written, [
      'MutatingWebhookConfiguration/kruise-mutating-webhook-configuration',
      'ValidatingWebhookConfiguration/kruise-validating-webhook-configuration',
    ]);
  });

  it('the apiserver calls the admission function over TLS and the pod gets its sidecar', async () => {
    const pod = await admission.core.createNamespacedPod({
      namespace: admission.podNamespace,
      body: podBody('first'),
    });
    assert.deepEqual(
      pod.spec?.containers.map((c) => [c.name, c.image]),
      [
        // OpenKruise's default podInjectPolicy is BeforeAppContainer.
        [SIDECAR, 'example/log-agent:1'],
        ['app', 'example/app:1'],
      ],
    );
    assert.equal(pod.metadata?.annotations?.['kruise.io/sidecarset-injected-list'], 'log-set');
  });

  it('rotating the serving certificate while pods are created fails no admission', async () => {
    const outcomes: string[] = [];
    let started = 0;
    const createOne = (name: string) =>
      admission.core
        .createNamespacedPod({ namespace: admission.podNamespace, body: podBody(name) })
        .then(
          (pod) => (containerNames(pod)?.includes(SIDECAR) ? 'ok' : `${name}: not injected`),
          (err: unknown) =>
            `${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        );
    /** `IN_FLIGHT` creates at a time for as long as `more()` says. */
    const createWhile = (more: () => boolean) =>
      Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (more()) outcomes.push(await createOne(`load-${started++}`));
        }),
      );
    const caBefore = await admission.readCa();
    const initial = await admission.presentedFingerprint();
    const issued: string[] = [];
    const presented: string[] = [];

    for (let r = 0; r < ROTATIONS; r++) {
      // Creates go on until the server has switched, at most PHASE_MAX of them; what
      // a phase leaves of its share is created after the last rotation.
      const phaseEnd = started + PHASE_MAX;
      let switched = false;
      const rotation = admission.rotate().finally(() => (switched = true));
      await Promise.all([rotation, createWhile(() => !switched && started < phaseEnd)]);
      issued.push(fingerprintOf((await rotation).pair.cert));
      // The server has switched: a new handshake must present the new certificate.
      presented.push(await admission.presentedFingerprint());
    }
    await createWhile(() => started < CREATES);

    assert.deepEqual(
      outcomes.filter((o) => o !== 'ok'),
      [],
    );
    assert.equal(outcomes.length, CREATES);
    // Each rotation issued a certificate of its own.
    assert.equal(new Set([initial, ...issued]).size, ROTATIONS + 1);
    assert.deepEqual(presented, issued);
    assert.equal(await admission.readCa(), caBefore);
  });
});
