/**
 * Benchmark (d), `--cert-rotation`: pod creates through the kube-apiserver at
 * a steady pace while the certs function rotates the admission function's
 * serving certificate (test/support/rotating-admission.ts, the setup of
 * test/integration/certs-rotation.test.ts). The creates do not wait for each
 * other, so a slow answer shows as a lower rate, not as a pause. Reported:
 * the rate reached, create latency, failures, and the TLS handshakes the
 * apiserver made with the function and the certificates they presented.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TLSSocket } from 'node:tls';
import type { ControlPlane } from '../support/control-plane.js';
import {
  SIDECAR,
  containerNames,
  fingerprintOf,
  podBody,
  startRotatingAdmission,
} from '../support/rotating-admission.js';
import { elapsedMs, summarize, type LatencySummary } from './stats.js';

export interface RotationOptions {
  readonly ratePerS: number;
  readonly durationMs: number;
  /** When each rotation starts, in ms after the first create. */
  readonly rotateAtMs: readonly number[];
}

export interface RotationResult {
  readonly creates: number;
  readonly createsPerS: number;
  readonly latency: LatencySummary;
  /** `name: message` of each create that failed or came back without the sidecar. */
  readonly problems: readonly string[];
  /** From the rotation's start (the sync) until the server served the new pair. */
  readonly switchMs: readonly number[];
  readonly handshakes: number;
  /** Distinct certificates presented in those handshakes. */
  readonly certificatesSeen: number;
  readonly certificatesIssued: number;
}

export async function benchCertRotation(
  cp: ControlPlane,
  opts: RotationOptions,
): Promise<RotationResult> {
  const admission = await startRotatingAdmission(
    cp,
    `bench-rotation-${randomBytes(3).toString('hex')}`,
  );
  try {
    const seen = new Set<string>();
    let handshakes = 0;
    admission.server.server.on('secureConnection', (socket: TLSSocket) => {
      handshakes++;
      const cert = socket.getX509Certificate();
      if (cert !== undefined) seen.add(cert.fingerprint256);
    });
    const issued = new Set<string>([await admission.presentedFingerprint()]);
    handshakes = 0;
    seen.clear();

    const problems: string[] = [];
    const latencies: number[] = [];
    const creates: Promise<void>[] = [];
    const rotations: Promise<number>[] = [];
    const start = performance.now();
    const total = Math.round((opts.ratePerS * opts.durationMs) / 1000);
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / opts.ratePerS;
      if (due > performance.now()) await sleep(due - performance.now());
      const rotateAt = opts.rotateAtMs[rotations.length];
      if (rotateAt !== undefined && performance.now() - start >= rotateAt) {
        const begun = process.hrtime.bigint();
        rotations.push(
          admission.rotate().then(({ pair }) => {
            issued.add(fingerprintOf(pair.cert));
            return elapsedMs(begun);
          }),
        );
      }
      const name = `load-${i}`;
      const sent = process.hrtime.bigint();
      creates.push(
        admission.core
          .createNamespacedPod({ namespace: admission.podNamespace, body: podBody(name) })
          .then(
            (pod) => {
              latencies.push(elapsedMs(sent));
              if (!containerNames(pod)?.includes(SIDECAR)) problems.push(`${name}: not injected`);
            },
            (err: unknown) => {
              const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
              problems.push(`${name}: ${message}`);
            },
          ),
      );
    }
    await Promise.all(creates);
    const elapsedS = (performance.now() - start) / 1000;
    const switchMs = await Promise.all(rotations);
    return {
      creates: total,
      createsPerS: total / elapsedS,
      latency: summarize(latencies.length > 0 ? latencies : [Number.NaN]),
      problems,
      switchMs,
      handshakes,
      certificatesSeen: seen.size,
      certificatesIssued: issued.size,
    };
  } finally {
    await admission.stop();
  }
}
