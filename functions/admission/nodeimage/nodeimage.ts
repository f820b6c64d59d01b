/**
 * NodeImage webhooks (`kruise@v1.7.4:pkg/webhook/nodeimage/`):
 * `/mutate-apps-kruise-io-v1alpha1-nodeimage` defaults each tag (`createdAt`
 * = now, pull policy 600 s / 3 retries) and sorts spec and status tags;
 * `/validate-apps-kruise-io-v1alpha1-nodeimage` checks the gate (403) and the
 * spec, first failure wins (400).
 */
import type { DecodedNodeImage } from '../../../shared/api/decoded.js';
import { isDeepStrictEqual } from 'node:util';
import { allow, deny, type AdmissionInput, type Decision } from '../review/decision.js';
import type { FeatureGates } from '../../../shared/feature-gates.js';

const absent = (v: unknown): boolean => v === undefined || v === null;

/** metav1.Time as it marshals: RFC 3339, whole seconds, UTC. */
export const formatMetaTime = (now: Date): string => `${now.toISOString().slice(0, 19)}Z`;

const byTag = (a: { tag?: string }, b: { tag?: string }): number => {
  const x = a.tag ?? '';
  const y = b.tag ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/** SetDefaultsNodeImage plus tag sorting, on a copy. */
export function setNodeImageDefaults(input: DecodedNodeImage, now: Date): DecodedNodeImage {
  const obj = structuredClone(input);
  for (const image of Object.values(obj.spec?.images ?? {})) {
    for (const tag of image.tags ?? []) {
      if (absent(tag.createdAt)) tag.createdAt = formatMetaTime(now);
      const policy = (tag.pullPolicy ??= {});
      if (absent(policy.timeoutSeconds)) policy.timeoutSeconds = 600;
      if (absent(policy.backoffLimit)) policy.backoffLimit = 3;
    }
    image.tags?.sort(byTag);
  }
  for (const status of Object.values(obj.status?.imageStatuses ?? {})) status.tags?.sort(byTag);
  return obj;
}

export function defaultNodeImage(
  input: AdmissionInput<DecodedNodeImage>,
  ctx: { readonly now: Date },
): Decision {
  const obj = setNodeImageDefaults(input.object, ctx.now);
  return isDeepStrictEqual(obj, input.object) ? allow() : allow(obj);
}

const maxImagesPerNode = 256;

/** OpenKruise's NodeImage `validate`: the first problem's text, or undefined. */
export function nodeImageError(obj: DecodedNodeImage): string | undefined {
  const images = obj.spec?.images ?? {};
  const count = Object.keys(images).length;
  if (count > maxImagesPerNode)
    return `spec images length ${count} can not be more than ${maxImagesPerNode}`;
  for (const [name, image] of Object.entries(images)) {
    if (name.length === 0) return 'image name can not be empty';
    const seen = new Set<string>();
    for (const tag of image.tags ?? []) {
      const t = tag.tag ?? '';
      if (t.length === 0) return `tag for image ${name} can not be empty`;
      if (seen.has(t)) return `duplicated tag ${t} for image ${name}`;
      seen.add(t);
      const full = `${name}/${t}`;
      if (absent(tag.createdAt)) return `createAt field for ${full} can not be empty`;
      if ((tag.version ?? 0) < 0) return `version for ${full} can not be less than 0`;
      if (absent(tag.pullPolicy)) return `pullPolicy field for ${full} must set`;
      if (absent(tag.pullPolicy?.ttlSecondsAfterFinished))
        return `pullPolicy.ttlSecondsAfterFinished for ${full} must set`;
    }
  }
  return undefined;
}

export function validateNodeImage(
  input: AdmissionInput<DecodedNodeImage>,
  ctx: { readonly gates: FeatureGates },
): Decision {
  if (!ctx.gates.enabled('KruiseDaemon'))
    return deny(403, 'feature-gate KruiseDaemon is not enabled');
  const err = nodeImageError(input.object);
  return err === undefined ? allow(undefined, 'allowed') : deny(400, err);
}
