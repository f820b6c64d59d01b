/**
 * One holder at a time for a key across processes, without an always-on
 * manager: a coordination.k8s.io/v1 Lease per key, taken with optimistic
 * concurrency (create, or update at the read resourceVersion once the
 * holder's term ran out) and given back by ending its term. Two invocations
 * that reconcile the same SidecarSet at once would otherwise each spend the
 * whole `maxUnavailable` budget on a snapshot taken before the other's writes.
 */
import type { Lease } from '../api/core/coordination-v1.js';
import { AlreadyExistsError, ConflictError } from './api-error.js';
import type { KubeClient } from './client.js';
import { resource } from './resource.js';

export const leases = resource<Lease>({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  plural: 'leases',
  namespaced: true,
});

export interface LeaseOptions {
  readonly namespace: string;
  readonly name: string;
  /** Who holds it (an invocation's reconcileID). */
  readonly holder: string;
  /** How long a holder that stops answering keeps it. */
  readonly durationMs: number;
  readonly now?: () => Date;
}

export type LeaseAttempt =
  | { readonly held: true; release(): Promise<void> }
  | { readonly held: false; readonly retryAfterMs: number };

/** The term left of a lease someone else holds at `now`; 0 when it ran out (or never began). */
export function remainingMs(lease: Lease, now: Date): number {
  const renew = Date.parse(lease.spec?.renewTime ?? '');
  const seconds = lease.spec?.leaseDurationSeconds ?? 0;
  if (!lease.spec?.holderIdentity || Number.isNaN(renew)) return 0;
  return Math.max(0, renew + seconds * 1000 - now.getTime());
}

const microTime = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** A name the API accepts for any key: the key itself, or a prefix and a hash when too long. */
export function leaseName(parts: readonly string[]): string {
  const name = parts
    .filter((p) => p !== '')
    .join('.')
    .toLowerCase();
  if (name.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) return name;
  let hash = 0x811c9dc5;
  for (const c of name) hash = Math.imul(hash ^ (c.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  const safe = name
    .replace(/[^a-z0-9.-]/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 200);
  return `${safe}-${hash.toString(16).padStart(8, '0')}`;
}

export async function acquireLease(client: KubeClient, opts: LeaseOptions): Promise<LeaseAttempt> {
  const now = (opts.now ?? (() => new Date()))();
  const key = { namespace: opts.namespace, name: opts.name };
  const spec = {
    holderIdentity: opts.holder,
    leaseDurationSeconds: Math.max(1, Math.ceil(opts.durationMs / 1000)),
    acquireTime: microTime(now),
    renewTime: microTime(now),
  };
  const current = await client.find(leases, key);
  let written: Lease;
  try {
    if (current === undefined) {
      written = await client.create(leases, { metadata: { ...key }, spec });
    } else {
      const left = remainingMs(current, now);
      if (left > 0 && current.spec?.holderIdentity !== opts.holder) {
        return { held: false, retryAfterMs: left };
      }
      const transitions = (current.spec?.leaseTransitions ?? 0) + 1;
      written = await client.update(leases, {
        ...current,
        spec: { ...current.spec, ...spec, leaseTransitions: transitions },
      });
    }
  } catch (err) {
    // Someone else took it between our read and our write.
    if (err instanceof ConflictError || err instanceof AlreadyExistsError) {
      return { held: false, retryAfterMs: 100 };
    }
    throw err;
  }
  return {
    held: true,
    async release() {
      // End the term; a lease someone else took over meanwhile is theirs.
      try {
        await client.update(leases, {
          ...written,
          spec: { ...written.spec, holderIdentity: '', renewTime: microTime(new Date(0)) },
        });
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    },
  };
}
