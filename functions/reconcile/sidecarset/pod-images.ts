/**
 * Image comparisons of OpenKruise's in-place update checks
 * (`kruise@v1.7.4:pkg/util/tools.go` ParseImage, IsImageDigest,
 * IsContainerImageEqual; `pkg/util/pods.go` GetPodContainerImageIDs). The
 * references are parsed with docker/distribution's `reference.Parse`, which
 * does not normalise: `busybox@sha256:…` and the runtime's
 * `docker.io/library/busybox@sha256:…` name different repositories, so they
 * never compare equal (OpenKruise behaves so; reproduced).
 */
import type { ContainerStatus } from '../../../shared/api/core/core-v1.js';
import { parseReference, referenceName } from '../../../shared/image/docker-reference.js';

interface ParsedImage {
  readonly repo: string;
  readonly tag: string;
  readonly digest: string;
}

function parseImage(image: string): ParsedImage | undefined {
  const parsed = parseReference(image);
  if (!parsed.ok) return undefined;
  const { ref } = parsed;
  return { repo: referenceName(ref), tag: ref.tag ?? '', digest: ref.digest ?? '' };
}

/** The image names a digest (`repo@sha256:…`). */
export const isImageDigest = (image: string): boolean => (parseImage(image)?.digest ?? '') !== '';

/** Digest images compare repository and digest, others repository and tag; unparseable ones never match. */
export function isContainerImageEqual(a: string, b: string): boolean {
  const x = parseImage(a);
  const y = parseImage(b);
  if (x === undefined || y === undefined) return false;
  if (x.digest !== '' && y.digest !== '') return x.repo === y.repo && x.digest === y.digest;
  return x.repo === y.repo && x.tag === y.tag;
}

/** Container name → imageID without its `<scheme>://` prefix. */
export function statusImageIDs(statuses: readonly ContainerStatus[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const s of statuses) {
    const id = s.imageID ?? '';
    ids.set(s.name, id.includes('://') ? (id.split('://')[1] ?? '') : id);
  }
  return ids;
}
