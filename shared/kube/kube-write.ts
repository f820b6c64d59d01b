/**
 * The writes a plan can ask for, as data (so a plan stays pure and a table
 * test can compare whole action lists), and how the shell carries them out
 * through the client. `updateStatus` names the observed object and the
 * status wanted: the shell skips it when they are equal.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DeleteOptions, KubeClient, Patch, PatchOptions } from './client.js';
import { describeKey, keyOf, type KubeObject, type ObjectKey, type Resource } from './resource.js';
import { isJsonObject } from '../json.js';

type AnyResource = Resource<KubeObject>;

export type KubeWrite =
  | { readonly verb: 'create'; readonly resource: AnyResource; readonly object: KubeObject }
  | { readonly verb: 'update'; readonly resource: AnyResource; readonly object: KubeObject }
  | {
      readonly verb: 'updateStatus';
      readonly resource: AnyResource;
      /** As observed: its resourceVersion is the precondition, its status the one to compare. */
      readonly object: KubeObject & { readonly status?: unknown };
      readonly status: unknown;
    }
  | {
      readonly verb: 'patch';
      readonly resource: AnyResource;
      readonly key: ObjectKey;
      readonly patch: Patch;
      readonly options?: PatchOptions;
    }
  | {
      readonly verb: 'delete';
      readonly resource: AnyResource;
      readonly key: ObjectKey;
      readonly options?: DeleteOptions;
    };

/** True for an `updateStatus` that would write the status the object already has. */
export function isUnchangedStatus(action: unknown): boolean {
  if (!isJsonObject(action) || action['verb'] !== 'updateStatus') return false;
  const object = action['object'];
  return isJsonObject(object) && isDeepStrictEqual(object['status'], action['status']);
}

/** `update SidecarSet log-agent`, for logs. */
export function describeWrite(w: KubeWrite): string {
  const key = w.verb === 'patch' || w.verb === 'delete' ? w.key : keyOf(w.object);
  return `${w.verb} ${describeKey(w.resource, key)}`;
}

/** Carries out `w`; the written object, or undefined for a delete. */
export async function applyKubeWrite(
  client: KubeClient,
  w: KubeWrite,
): Promise<KubeObject | undefined> {
  switch (w.verb) {
    case 'create':
      return client.create(w.resource, w.object);
    case 'update':
      return client.update(w.resource, w.object);
    case 'updateStatus':
      return client.updateStatus(w.resource, { ...w.object, status: w.status } as KubeObject);
    case 'patch':
      return client.patch(w.resource, w.key, w.patch, w.options);
    case 'delete':
      await client.delete(w.resource, w.key, w.options);
      return undefined;
  }
}
