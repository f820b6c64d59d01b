/**
 * The NodeImage key and tag of an image reference, as OpenKruise's
 * `NormalizeImageRefToNameTag` makes them (kruise@v1.7.4:pkg/daemon/util/util.go
 * 66-71, 76-85): the Docker-normalised familiar name, and the digest when
 * there is one, else the tag, else `latest` (SPEC §6.1's table).
 */
import { familiarName, parseNormalizedNamed } from '../../../shared/image/docker-reference.js';

export type NameTag =
  | { readonly ok: true; readonly name: string; readonly tag: string }
  | { readonly ok: false; readonly error: string };

export function imageNameTag(image: string): NameTag {
  const parsed = parseNormalizedNamed(image);
  if (!parsed.ok) return parsed;
  const { ref } = parsed;
  return { ok: true, name: familiarName(ref), tag: ref.digest ?? ref.tag ?? 'latest' };
}
