/**
 * The node puller's shell: holds one worker per active tag (sync-plan.ts
 * decides which), the tag statuses, and writes the NodeImage status
 * (node-status.ts) with a bounded rate (OpenKruise's 0.5 QPS, burst 5,
 * writes coalesced: the latest status is computed when the token comes),
 * skipping a status equal to the last one written until it is 12 h–13 h old
 * (checked every 20–30 min, status-refresh.ts). A status write that
 * meets a newer object (409) reads it again and writes once more.
 * Pull secrets are read through the API, cached 5 min each (OpenKruise's
 * secret manager caches 5–10 min); a missing one is skipped.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { ImageTagStatus, NodeImage } from '../../shared/api/nodeimage.js';
import { isConflict } from '../../shared/kube/api-error.js';
import type { KubeClient } from '../../shared/kube/client.js';
import { secrets as secretResource } from '../../shared/kube/core-resources.js';
import { nodeImages } from '../../shared/kube/kruise-resources.js';
import { tokenBucket, type RateLimiter } from '../../shared/kube/rate-limit.js';
import { keyringOf, type PullSecret } from '../../shared/registry-auth/docker-keyring.js';
import { nodeImageStatusOf } from './node-status.js';
import { planSync, refKey, type RunningWorker } from './sync-plan.js';
import { involvedObject } from '../../shared/kube/events.js';
import { resyncDelayMs, statusWriteDue } from './status-refresh.js';
import { runPullWorker, type WorkerDeps } from './worker.js';

export const STATUS_RATE = { qps: 0.5, burst: 5 } as const;
const SECRET_TTL_MS = 5 * 60_000;

export interface PullerOptions {
  readonly client: KubeClient;
  readonly workerDeps: WorkerDeps;
  readonly log: Logger;
  readonly statusLimiter?: RateLimiter;
  /** The clock and the jitter of the status resend (default Date.now, Math.random). */
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface Puller {
  /** The latest NodeImage of this node (undefined: there is none). */
  observe(nodeImage: NodeImage | undefined): void;
  /** Resolves when no write is pending (tests, shutdown). */
  idle(): Promise<void>;
  /** Sends the status again when its resend is due (a timer calls it every 20–30 min). */
  refresh(): void;
  stop(): void;
  readonly activeWorkers: number;
}

interface Worker extends RunningWorker {
  readonly abort: AbortController;
}

export function createPuller(opts: PullerOptions): Puller {
  const { client, log } = opts;
  const limiter = opts.statusLimiter ?? tokenBucket(STATUS_RATE);
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const workers = new Map<string, Worker>();
  const statuses = new Map<string, ImageTagStatus>();
  const secretCache = new Map<string, { at: number; secret: PullSecret | undefined }>();
  let current: NodeImage | undefined;
  let lastWritten: unknown;
  let lastWriteAt: number | undefined;
  let resyncTimer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let dirty = false;
  let syncing: Promise<void> = Promise.resolve();

  async function readSecrets(refs: readonly { namespace?: string; name?: string }[]) {
    const found: PullSecret[] = [];
    for (const ref of refs) {
      const key = `${ref.namespace ?? ''}/${ref.name ?? ''}`;
      const cached = secretCache.get(key);
      let secret =
        cached !== undefined && Date.now() - cached.at < SECRET_TTL_MS ? cached.secret : undefined;
      if (cached === undefined || Date.now() - cached.at >= SECRET_TTL_MS) {
        secret = await client
          .find(secretResource, { namespace: ref.namespace ?? '', name: ref.name ?? '' })
          .catch((err: unknown) => {
            log.error(
              { err: err instanceof Error ? new Error(err.message) : err, secret: key },
              'Failed to get secret',
            );
            return undefined;
          });
        secretCache.set(key, { at: Date.now(), secret });
      }
      if (secret !== undefined) found.push(secret);
    }
    return found;
  }

  async function sync(nodeImage: NodeImage) {
    const plan = planSync(nodeImage, workers, statuses);
    for (const w of plan.stop) {
      workers.get(refKey(w))?.abort.abort(new Error('stopped'));
      workers.delete(refKey(w));
    }
    for (const key of [...statuses.keys()]) if (!plan.inSpec.has(key)) statuses.delete(key);
    for (const k of plan.keep) if (!statuses.has(refKey(k))) statuses.set(refKey(k), k.status);
    for (const s of plan.start) {
      const imageSpec = nodeImage.spec?.images?.[s.image];
      let keyring;
      try {
        keyring = keyringOf(await readSecrets(imageSpec?.pullSecrets ?? []));
      } catch (err) {
        keyring = err instanceof Error ? err : new Error(String(err));
      }
      const abort = new AbortController();
      const key = refKey(s);
      workers.set(key, { image: s.image, tag: s.tag, version: s.spec.version ?? 0, abort });
      void runPullWorker(
        {
          image: s.image,
          tag: s.spec,
          keyring,
          nodeImageRef: involvedObject('NodeImage', 'apps.kruise.io/v1alpha1', nodeImage),
          ...(imageSpec?.sandboxConfig !== undefined && { sandboxConfig: imageSpec.sandboxConfig }),
        },
        opts.workerDeps,
        (status) => {
          statuses.set(key, status);
          requestWrite();
        },
        abort.signal,
      ).finally(() => {
        if (workers.get(key)?.abort === abort) workers.delete(key);
      });
    }
    requestWrite();
  }

  async function writeLoop() {
    while (dirty) {
      dirty = false;
      await limiter.acquire();
      const target = current;
      if (target === undefined) continue;
      const status = nodeImageStatusOf(target.spec, statuses);
      if (!statusWriteDue(!isDeepStrictEqual(status, lastWritten), lastWriteAt, now(), random()))
        continue;
      try {
        await writeStatus(target, status);
        lastWritten = status;
        lastWriteAt = now();
      } catch (err) {
        log.error(
          { err: err instanceof Error ? new Error(err.message) : err },
          'Failed to update NodeImage status',
        );
        dirty = true;
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  async function writeStatus(target: NodeImage, status: NonNullable<NodeImage['status']>) {
    try {
      current = await client.updateStatus(nodeImages, { ...target, status });
    } catch (err) {
      if (!isConflict(err)) throw err;
      const fresh = await client.get(nodeImages, { name: target.metadata?.name ?? '' });
      current = await client.updateStatus(nodeImages, {
        ...fresh,
        status: nodeImageStatusOf(fresh.spec, statuses),
      });
    }
  }

  function requestWrite() {
    dirty = true;
    writing ??= writeLoop().finally(() => {
      writing = undefined;
    });
  }

  const scheduleResync = () => {
    resyncTimer = setTimeout(() => {
      requestWrite();
      scheduleResync();
    }, resyncDelayMs(random()));
    resyncTimer.unref();
  };
  scheduleResync();

  return {
    observe(nodeImage) {
      const before = current;
      current = nodeImage;
      if (nodeImage === undefined) {
        for (const w of workers.values()) w.abort.abort(new Error('stopped'));
        workers.clear();
        statuses.clear();
        lastWritten = undefined;
        lastWriteAt = undefined;
        return;
      }
      if (
        before !== undefined &&
        isDeepStrictEqual(before.spec, nodeImage.spec) &&
        before.metadata?.uid === nodeImage.metadata?.uid
      )
        return;
      // One sync at a time, each of the latest object (a sync awaits secret reads).
      syncing = syncing
        .then(() => (current === undefined ? undefined : sync(current)))
        .catch((err: unknown) =>
          log.error({ err: err instanceof Error ? new Error(err.message) : err }, 'Failed to sync'),
        );
    },
    async idle() {
      await syncing;
      while (writing !== undefined) await writing;
    },
    refresh: requestWrite,
    stop() {
      clearTimeout(resyncTimer);
      for (const w of workers.values()) w.abort.abort(new Error('stopped'));
      workers.clear();
    },
    get activeWorkers() {
      return workers.size;
    },
  };
}
