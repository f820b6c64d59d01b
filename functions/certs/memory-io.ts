/**
 * Test support: an in-memory CertsIO that keeps resourceVersions like the
 * apiserver (409 on a stale write or a taken name), records every write, and can make the
 * next writes lose a race to a concurrent writer.
 */
import { AlreadyExistsError, ConflictError } from '../../shared/kube/api-error.js';
import type { CertsIO } from './certs-io.js';
import type { BundleWrite, ObservedBundles } from './observed.js';
import type { ObservedSecret } from './plan-secret.js';

export interface MemoryState {
  secret: ObservedSecret | undefined;
  bundles: ObservedBundles;
}

export interface MemoryIO extends CertsIO {
  readonly state: MemoryState;
  /** `<verb> <what>` of every successful write, in order. */
  readonly writes: string[];
  /** Before the next secret write, run this as a concurrent writer would (once). */
  raceSecret(concurrent: (state: MemoryState) => void): void;
}

export function memoryIO(initial: MemoryState): MemoryIO {
  const state: MemoryState = structuredClone(initial);
  const writes: string[] = [];
  let rv = 1000;
  const nextRv = () => String(++rv);
  let race: ((s: MemoryState) => void) | undefined;
  const runRace = () => {
    const r = race;
    race = undefined;
    if (r !== undefined) {
      r(state);
      if (state.secret !== undefined) state.secret = { ...state.secret, resourceVersion: nextRv() };
    }
  };
  return {
    state,
    writes,
    raceSecret(concurrent) {
      race = concurrent;
    },
    async readSecret() {
      return structuredClone(state.secret);
    },
    async readBundles() {
      return structuredClone(state.bundles);
    },
    async createSecret(data) {
      runRace();
      if (state.secret !== undefined)
        throw new AlreadyExistsError('secrets "kruise-webhook-certs" already exists', {
          status: 409,
        });
      state.secret = { resourceVersion: nextRv(), data };
      writes.push('create Secret');
      return state.secret.resourceVersion;
    },
    async updateSecret(resourceVersion, data) {
      runRace();
      if (state.secret?.resourceVersion !== resourceVersion)
        throw new ConflictError('the object has been modified', { status: 409 });
      state.secret = { resourceVersion: nextRv(), data: { ...state.secret.data, ...data } };
      writes.push('update Secret');
      return state.secret.resourceVersion;
    },
    async write(change: BundleWrite) {
      const name = change.object.metadata?.name ?? '';
      const metadata = { ...change.object.metadata, resourceVersion: nextRv() };
      const b = state.bundles;
      switch (change.kind) {
        case 'MutatingWebhookConfiguration':
          state.bundles = { ...b, mutating: structuredClone({ ...change.object, metadata }) };
          break;
        case 'ValidatingWebhookConfiguration':
          state.bundles = { ...b, validating: structuredClone({ ...change.object, metadata }) };
          break;
        case 'CustomResourceDefinition': {
          const crd = structuredClone({ ...change.object, metadata });
          state.bundles = { ...b, crds: b.crds.map((c) => (c.metadata?.name === name ? crd : c)) };
          break;
        }
      }
      writes.push(`update ${change.kind}/${name}`);
    },
  };
}
