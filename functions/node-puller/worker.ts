/**
 * One tag's pull worker, as OpenKruise v1.7.4's `pullWorker.Run` /
 * `doPullImage` (imagepuller_worker.go) and the CRI v1 pull of
 * criruntime/imageruntime/cri.go, with a node-wide slot per attempt:
 *
 * - reports `Waiting` while it waits for a slot and `Pulling` (startTime,
 *   version) once it holds one; attempts and timeouts as pull-policy.ts;
 * - an image already present is a success with progress 100, unless the
 *   policy is `Always` and the registry's manifest digest is not among the
 *   local image's repo digests (OpenKruise compares the registry digest with
 *   the image ID, a config digest, so its check never matches and it always
 *   pulls again);
 * - credentials: the pull secrets' that match, then the credential-provider
 *   plugins' (kubelet's union keyring, secrets first);
 * - pulls `<image>:<tag>` once per matching credential, first success wins;
 *   all failing gives the aggregate of their errors; none matching pulls
 *   anonymously (`Failed to pull image reference "<ref>": <err>`);
 * - a cut attempt is `pulling image <ref> is canceled`, a stopped one
 *   `pulling image <ref> is stopped`; success gives `imageID: <image>@<id>`.
 *
 * - Events as the daemon's puller records them: `PullImageSucceed` (Normal,
 *   `Image <image>:<tag>, ecalpsedTime <Go duration>`) on the NodeImage, and
 *   `PullImageFailed` (Warning, `Image <image>:<tag> <error>`) on each of the
 *   tag's ownerReferences and on the NodeImage; a stopped worker records none.
 *
 * I/O comes in through WorkerDeps, so tests drive it with a fake runtime
 * and clock. Credentials are passed to the runtime and never logged.
 */
import type { Logger } from 'pino';
import type { ObjectReference } from '../../shared/api/core/core-v1.js';
import type { ImageTagSpec, ImageTagStatus } from '../../shared/api/nodeimage.js';
import { formatGoDuration } from '../../shared/go/duration.js';
import type { SandboxConfig } from '../../shared/api/imagepulljob.js';
import {
  lookupCredentials,
  type Keyring,
  type RegistryCredential,
} from '../../shared/registry-auth/docker-keyring.js';
import { parseNormalizedNamed } from '../../shared/image/docker-reference.js';
import { aggregateMessages } from '../../shared/validation/field-error.js';
import type { CriImageService } from './cri/client.js';
import {
  attemptTimeout,
  backoffAfter,
  DEADLINE_EXCEEDED_MESSAGE,
  pullPlanOf,
} from './pull-policy.js';
import type { DigestRequest } from './registry-digest.js';
import type { Semaphore } from './semaphore.js';

export const PULLING_IMAGE_BY = 'apps.kruise.io/pulling-image-by';

export interface WorkerDeps {
  readonly cri: Pick<CriImageService, 'pullImage' | 'imageStatus'>;
  readonly digestOf: (req: DigestRequest) => Promise<string>;
  readonly slots: Semaphore;
  readonly now: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log: Logger;
  /** Credentials of the credential-provider plugins for a repository (kubelet's union keyring, after the secrets). */
  readonly pluginCredentials?: (repository: string) => Promise<RegistryCredential[]>;
  /** Records a Kubernetes Event (written in the background; a failed one is only logged). */
  readonly recordEvent?: (event: PullEvent) => void;
}

export const PULL_IMAGE_SUCCEED = 'PullImageSucceed';
export const PULL_IMAGE_FAILED = 'PullImageFailed';

export interface PullEvent {
  readonly involved: ObjectReference;
  readonly eventType: 'Normal' | 'Warning';
  readonly reason: typeof PULL_IMAGE_SUCCEED | typeof PULL_IMAGE_FAILED;
  readonly message: string;
}

export interface PullJob {
  readonly image: string;
  readonly tag: ImageTagSpec;
  readonly sandboxConfig?: SandboxConfig;
  /** The pull secrets' keyring, or why it could not be made. */
  readonly keyring: Keyring | Error;
  /** The NodeImage, as events name it. */
  readonly nodeImageRef?: ObjectReference;
}

const metaTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

class AttemptError extends Error {}

/** Runs the worker to its end; `onStatus` gets every new status (none after a stop). */
export async function runPullWorker(
  job: PullJob,
  deps: WorkerDeps,
  onStatus: (status: ImageTagStatus) => void,
  stop: AbortSignal,
): Promise<void> {
  const ref = `${job.image}:${job.tag.tag}`;
  const log = deps.log.child({ image: job.image, tag: job.tag.tag });
  // The registry host (docker.io for Docker Hub), for the pull-failures-by-registry query.
  const named = parseNormalizedNamed(ref);
  const registry = named.ok ? named.ref.domain : '';
  const startedAt = deps.now();
  const base = {
    tag: job.tag.tag,
    startTime: metaTime(startedAt),
    ...((job.tag.version ?? 0) !== 0 && { version: job.tag.version }),
  };
  const plan = pullPlanOf(job.tag, startedAt);
  let last = '';
  const report = (s: ImageTagStatus) => {
    const text = JSON.stringify(s);
    if (stop.aborted || text === last) return;
    last = text;
    onStatus(s);
  };
  report({ ...base, phase: deps.slots.full ? 'Waiting' : 'Pulling' });
  let lastError = '';
  for (let i = 0; i < plan.attempts; i++) {
    const bound = attemptTimeout(plan, deps.now());
    if ('exceeded' in bound) {
      lastError = DEADLINE_EXCEEDED_MESSAGE;
      break;
    }
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('attempt timed out')), bound.timeoutMs);
    const signal = AbortSignal.any([stop, timeout.signal]);
    try {
      const progress = await attempt(job, ref, { ...deps, log }, signal, (waiting) =>
        report({ ...base, phase: waiting ? 'Waiting' : 'Pulling' }),
      );
      const image = await deps.cri.imageStatus(ref).catch(() => undefined);
      const finished = {
        ...base,
        phase: 'Succeeded' as const,
        progress,
        completionTime: metaTime(deps.now()),
        ...(image !== undefined && { imageID: `${job.image}@${image.id}` }),
      };
      log.info({ cost: `${deps.now() - startedAt}ms` }, 'Successfully pull image');
      report(finished);
      if (job.nodeImageRef !== undefined && !stop.aborted) {
        const elapsed = formatGoDuration(BigInt(deps.now() - startedAt) * 1_000_000n);
        deps.recordEvent?.({
          involved: job.nodeImageRef,
          eventType: 'Normal',
          reason: PULL_IMAGE_SUCCEED,
          message: `Image ${ref}, ecalpsedTime ${elapsed}`,
        });
      }
      return;
    } catch (err) {
      if (stop.aborted) {
        log.info('Worker to pull image is stopped');
        return;
      }
      lastError =
        timeout.signal.aborted && !(err instanceof AttemptError)
          ? `pulling image ${ref} is canceled`
          : err instanceof Error
            ? err.message
            : String(err);
      log.error({ err: new Error(lastError), backoff: i + 1, registry }, 'Pulling image backoff');
      if (i + 1 < plan.attempts) await deps.sleep(backoffAfter(i + 1), stop).catch(() => undefined);
      if (stop.aborted) return;
    } finally {
      clearTimeout(timer);
    }
  }
  log.error({ err: new Error(lastError), registry }, 'Worker failed to pull image');
  report({ ...base, phase: 'Failed', completionTime: metaTime(deps.now()), message: lastError });
  if (stop.aborted) return;
  const failedOn = [
    ...(job.tag.ownerReferences ?? []),
    ...(job.nodeImageRef === undefined ? [] : [job.nodeImageRef]),
  ];
  for (const involved of failedOn) {
    deps.recordEvent?.({
      involved,
      eventType: 'Warning',
      reason: PULL_IMAGE_FAILED,
      message: `Image ${ref} ${lastError}`,
    });
  }
}

/** One attempt: a slot, the presence / digest check, the pull. Resolves with the progress. */
async function attempt(
  job: PullJob,
  ref: string,
  deps: WorkerDeps,
  signal: AbortSignal,
  phase: (waiting: boolean) => void,
): Promise<number> {
  const waited = deps.slots.full;
  if (waited) phase(true);
  const release = await deps.slots.acquire(signal);
  try {
    if (waited) phase(false);
    const parsed = parseNormalizedNamed(ref);
    if (!parsed.ok) throw new AttemptError(parsed.error);
    const repo = `${parsed.ref.domain}/${parsed.ref.path}`;
    if (job.keyring instanceof Error) throw new AttemptError(job.keyring.message);
    const credentials = [
      ...lookupCredentials(job.keyring, repo),
      ...((await deps.pluginCredentials?.(repo)) ?? []),
    ];
    const local = await deps.cri.imageStatus(ref, { signal });
    if (local !== undefined) {
      if (job.tag.imagePullPolicy !== 'Always') {
        deps.log.info('Image is already exists');
        return 100;
      }
      const remote = await remoteDigest(
        deps,
        parsed.ref.domain,
        parsed.ref.path,
        job.tag.tag,
        credentials,
        signal,
      );
      if (remote !== undefined && local.repoDigests.some((d) => d.endsWith(`@${remote}`))) {
        deps.log.info('Image is already exists');
        return 100;
      }
    }
    await pull(job, ref, deps, credentials, signal);
    return 100;
  } finally {
    release();
  }
}

async function remoteDigest(
  deps: WorkerDeps,
  domain: string,
  path: string,
  tag: string,
  credentials: readonly RegistryCredential[],
  signal: AbortSignal,
): Promise<string | undefined> {
  for (const credential of credentials.length > 0 ? credentials : [undefined]) {
    try {
      return await deps.digestOf({
        domain,
        path,
        tag,
        signal,
        ...(credential !== undefined && { credential }),
      });
    } catch (err) {
      deps.log.debug(
        { err: err instanceof Error ? new Error(err.message) : err },
        'Registry digest not read',
      );
    }
  }
  return undefined;
}

async function pull(
  job: PullJob,
  ref: string,
  deps: WorkerDeps,
  credentials: readonly RegistryCredential[],
  signal: AbortSignal,
): Promise<void> {
  const request = {
    image: ref,
    sandboxLabels: { ...job.sandboxConfig?.labels },
    sandboxAnnotations: { ...job.sandboxConfig?.annotations, [PULLING_IMAGE_BY]: 'kruise-daemon' },
  };
  if (credentials.length === 0) {
    try {
      await deps.cri.pullImage(request, { signal });
      return;
    } catch (err) {
      if (signal.aborted) throw err;
      throw new AttemptError(
        `Failed to pull image reference ${JSON.stringify(ref)}: ${(err as Error).message}`,
      );
    }
  }
  const errors: string[] = [];
  for (const { username, password } of credentials) {
    try {
      await deps.cri.pullImage({ ...request, auth: { username, password } }, { signal });
      return;
    } catch (err) {
      if (signal.aborted) throw err;
      deps.log.error({ err: new Error((err as Error).message) }, 'Failed to pull image with user');
      errors.push((err as Error).message);
    }
  }
  throw new AttemptError(aggregateMessages(errors));
}
