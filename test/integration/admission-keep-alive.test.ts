/**
 * Kept-alive connections from the kube-apiserver to the admission function
 * survive idle gaps (issue 13: 2 of about 6,400 SidecarSet creates failed with
 * `connection reset by peer` while Node closed idle connections after its
 * default 5 s and the apiserver reused them for up to 90 s;
 * shared/http/serve.ts). Bursts of dry-run SidecarSet creates, each of which
 * the apiserver sends through `msidecarset.kb.io` and `vsidecarset.kb.io`,
 * are separated by idle gaps of 6 s: every create succeeds, and after each gap
 * the apiserver sends requests on connections that had answered requests
 * before it (with Node's 5 s default none survives a gap: the test fails).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { sharedControlPlane } from '../support/control-plane.js';
import { startAdmission, type RunningAdmission } from '../support/webhook-harness.js';

const SIDECARSETS = { group: 'apps.kruise.io', version: 'v1alpha1', plural: 'sidecarsets' };
const BURSTS = 4;
const CREATES_PER_BURST = 150;
const CONCURRENCY = 6;
/** Longer than Node's default keepAliveTimeout (5 s), shorter than the apiserver's 90 s. */
const IDLE_GAP_MS = 6_000;
const RUN = randomBytes(3).toString('hex');

describe('admission connections kept alive across idle gaps', () => {
  let admission: RunningAdmission;
  let custom: CustomObjectsApi;
  /** The last burst in which each connection answered a request (-1: before the first). */
  const lastUsedIn = new Map<Socket, number>();
  let burst = -1;
  /**
   * Per burst: webhook requests, and those on a connection that had answered
   * one in an earlier burst, so was reused after at least one idle gap (a
   * connection opened but never used is held to headersTimeout instead).
   */
  const served = Array.from({ length: BURSTS }, () => ({ requests: 0, afterIdleGap: 0 }));

  before(async () => {
    const cp = await sharedControlPlane();
    admission = await startAdmission(cp);
    custom = cp.kubeConfig.makeApiClient(CustomObjectsApi);
    admission.server.on('request', (req: IncomingMessage) => {
      const last = lastUsedIn.get(req.socket);
      lastUsedIn.set(req.socket, burst);
      const s = served[burst];
      if (s === undefined || !(req.url ?? '').includes('sidecarset')) return;
      s.requests++;
      if (last !== undefined && last < burst) s.afterIdleGap++;
    });
  });
  after(async () => {
    await admission.stop();
  });

  const dryRunCreate = (name: string) =>
    custom.createClusterCustomObject({
      ...SIDECARSETS,
      dryRun: 'All',
      body: {
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'SidecarSet',
        metadata: { name },
        spec: {
          selector: { matchLabels: { app: name } },
          containers: [{ name: 'log', image: 'example/log:1.0' }],
        },
      },
    });

  it(
    `answers ${BURSTS * CREATES_PER_BURST} creates in ${BURSTS} bursts ${IDLE_GAP_MS / 1000} s apart with no failure, reusing connections after each gap`,
    { timeout: 120_000 },
    async () => {
      const failures: string[] = [];
      for (let b = 0; b < BURSTS; b++) {
        if (b > 0) await sleep(IDLE_GAP_MS);
        burst = b;
        let next = 0;
        const worker = async () => {
          for (let i = next++; i < CREATES_PER_BURST; i = next++) {
            const name = `keep-alive-${RUN}-${b}-${i}`;
            await dryRunCreate(name).catch((err: unknown) =>
              failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`),
            );
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      }
      burst = BURSTS;
      const requests = served.reduce((n, s) => n + s.requests, 0);
      process.stderr.write(
        `[keep-alive] ${BURSTS * CREATES_PER_BURST} creates, ${requests} webhook requests, ` +
          `${failures.length} failed; per burst ${JSON.stringify(served)}; ` +
          `${lastUsedIn.size} connections used\n`,
      );
      assert.deepStrictEqual(failures, []);
      // Two webhook requests (mutate, validate) per create.
      assert.equal(requests, 2 * BURSTS * CREATES_PER_BURST);
      for (const [b, s] of served.entries()) {
        if (b === 0) continue;
        assert.ok(
          s.afterIdleGap > 0,
          `burst ${b}: no connection used before the ${IDLE_GAP_MS} ms idle gap was used after it`,
        );
      }
    },
  );
});
