/**
 * Installs kruise-fn's CRDs: server-side apply (creates or updates, owns only
 * the fields it writes, so a caBundle another manager injects survives), then
 * waits until each CRD is Established and every version is in discovery.
 * Idempotent.
 */
import {
  ApiException,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Crd } from './crd.js';
import { renderCrds } from './render-crds.js';

const FIELD_MANAGER = 'kruise-fn';
const CRDS = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions' };
const POLL_MS = 100;

export interface InstallOptions {
  /** Defaults to every kruise-fn CRD. */
  readonly crds?: readonly Crd[];
  /** How long to wait for Established and discovery; default 60 s. */
  readonly timeoutMs?: number;
}

interface CrdCondition {
  readonly type?: string;
  readonly status?: string;
  readonly message?: string;
}

function conditionsOf(obj: unknown): CrdCondition[] {
  const status = (obj as { status?: { conditions?: unknown } } | null)?.status;
  return Array.isArray(status?.conditions) ? (status.conditions as CrdCondition[]) : [];
}

async function until<T>(
  what: string,
  deadline: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  let last = '';
  for (;;) {
    try {
      const got = await probe();
      if (got !== undefined) return got;
    } catch (err) {
      last = `: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last}`);
    await sleep(POLL_MS);
  }
}

/** The Status message of a refused request; client-node's own message carries headers too. */
function statusMessage(err: ApiException<unknown>): string {
  try {
    const body: unknown = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
    const message = (body as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : `HTTP ${err.code}`;
  } catch {
    return `HTTP ${err.code}`;
  }
}

async function applyCrd(api: CustomObjectsApi, crd: Crd): Promise<void> {
  try {
    await api.patchClusterCustomObject(
      { ...CRDS, name: crd.metadata.name, body: crd, fieldManager: FIELD_MANAGER, force: true },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
  } catch (err) {
    if (!(err instanceof ApiException)) throw err;
    const message = `Applying CRD ${crd.metadata.name} failed (${err.code}): ${statusMessage(err)}`;
    throw new Error(message, { cause: err });
  }
}

async function waitServed(api: CustomObjectsApi, crd: Crd, deadline: number): Promise<void> {
  const name = crd.metadata.name;
  await until(`CRD ${name} to be Established`, deadline, async () => {
    const got: unknown = await api.getClusterCustomObject({ ...CRDS, name });
    const established = conditionsOf(got).find((c) => c.type === 'Established');
    return established?.status === 'True' ? true : undefined;
  });
  for (const v of crd.spec.versions.filter((x) => x.served)) {
    const gv = `${crd.spec.group}/${v.name}`;
    await until(`${crd.spec.names.plural} in discovery of ${gv}`, deadline, async () => {
      const list = await api.getAPIResources({ group: crd.spec.group, version: v.name });
      return list.resources.some((r) => r.name === crd.spec.names.plural) ? true : undefined;
    });
  }
}

/** Creates or updates kruise-fn's CRDs and resolves once all of them are served. */
export async function installCrds(kc: KubeConfig, options: InstallOptions = {}): Promise<void> {
  const crds = options.crds ?? renderCrds().map((f) => f.crd);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const api = kc.makeApiClient(CustomObjectsApi);
  for (const crd of crds) await applyCrd(api, crd);
  for (const crd of crds) await waitServed(api, crd, deadline);
}
