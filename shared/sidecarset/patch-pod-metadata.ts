/**
 * SidecarSet `patchPodMetadata` applied to pod annotations (SPEC §2.8,
 * OpenKruise `PatchPodMetadata`), used by the pod webhook at injection and by
 * the controller at in-place update.
 */
import type { DecodedSidecarSetSpec } from '../api/decoded.js';
import { KruiseFnError } from '../errors.js';
import { mergePatch } from './merge-patch.js';

export type PatchPodMetadata = NonNullable<DecodedSidecarSetSpec['patchPodMetadata']>[number];

export interface PatchedAnnotations {
  readonly annotations: Record<string, string>;
  /** false when the annotations are unchanged (OpenKruise's `skip`). */
  readonly changed: boolean;
}

const sameAnnotations = (
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean =>
  Object.keys(a).length === Object.keys(b).length &&
  Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * Applies the patches in order: `Retain`/empty keeps an existing key,
 * `Overwrite` always sets, `MergePatchJson` merges into a non-empty existing
 * value (RFC 7386); other policies do nothing. A merge of invalid JSON throws
 * a KruiseFnError (500) with the json-patch library's message.
 */
export function patchPodMetadata(
  annotations: Readonly<Record<string, string>>,
  patches: readonly PatchPodMetadata[],
): PatchedAnnotations {
  const out: Record<string, string> = { ...annotations };
  for (const patch of patches) {
    const entries = Object.entries(patch.annotations ?? {});
    switch (patch.patchPolicy ?? '') {
      case '':
      case 'Retain':
        for (const [key, value] of entries) if (!Object.hasOwn(out, key)) out[key] = value;
        break;
      case 'Overwrite':
        for (const [key, value] of entries) out[key] = value;
        break;
      case 'MergePatchJson':
        for (const [key, value] of entries) {
          const origin = Object.hasOwn(out, key) ? out[key] : undefined;
          out[key] = origin === undefined || origin === '' ? value : merged(origin, value);
        }
        break;
      default:
        break;
    }
  }
  return { annotations: out, changed: !sameAnnotations(annotations, out) };
}

function merged(origin: string, patch: string): string {
  try {
    return mergePatch(origin, patch);
  } catch (err) {
    throw new KruiseFnError((err as Error).message, { cause: err });
  }
}
