/**
 * SidecarSet hashes (SPEC §2.4, OpenKruise `pkg/control/sidecarcontrol/hash.go`):
 * SHA-256 over Go's JSON of `{"containers": …}` (plus `"initContainers"`
 * when one of them is a native sidecar), hex-encoded, then SafeEncoded.
 * Each container is written as json.Marshal writes a v1alpha1.SidecarContainer
 * (shared/api/go-encoding.ts). Callers pass the defaulted spec; the digest
 * covers defaulted fields.
 */
import { createHash } from 'node:crypto';
import { goMarshalAs } from '../api/go-encoding.js';

/** The parts of a SidecarSet spec the hash reads. */
export interface HashedSpec {
  readonly containers?: readonly object[] | null;
  readonly initContainers?: readonly object[] | null;
}

/** k8s.io/apimachinery rand.SafeEncodeString alphabet (no vowels, no confusable digits). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export const safeEncode = (value: string): string =>
  Array.from(value, (ch) => SAFE_ALPHABET[(ch.codePointAt(0) ?? 0) % SAFE_ALPHABET.length]).join(
    '',
  );

const isNativeSidecar = (container: object): boolean =>
  (container as { restartPolicy?: unknown }).restartPolicy === 'Always';

const encodeList = (containers: readonly object[]): string =>
  `[${containers.map((c) => goMarshalAs('v1alpha1.SidecarContainer', c)).join(',')}]`;

/** The exact JSON document OpenKruise hashes (map keys sorted: containers, initContainers). */
export function hashDocument(spec: HashedSpec): string {
  // A nil slice marshals as null: `{"containers":null}` when a SidecarSet has only init containers.
  const encodedContainers = Array.isArray(spec.containers) ? encodeList(spec.containers) : 'null';
  const inits = spec.initContainers ?? [];
  const withInits = inits.some(isNativeSidecar) ? `,"initContainers":${encodeList(inits)}` : '';
  return `{"containers":${encodedContainers}${withInits}}`;
}

const digest = (doc: string): string =>
  safeEncode(createHash('sha256').update(doc, 'utf8').digest('hex'));

/** `kruise.io/sidecarset-hash` of a defaulted SidecarSet spec. */
export const sidecarSetHash = (spec: HashedSpec): string => digest(hashDocument(spec));

const withoutImage = (
  containers: readonly object[] | null | undefined,
): object[] | null | undefined => containers?.map((c) => ({ ...c, image: '' }));

/** `kruise.io/sidecarset-hash-without-image`: the same after blanking every image. */
export const sidecarSetHashWithoutImage = (spec: HashedSpec): string =>
  digest(
    hashDocument({
      containers: withoutImage(spec.containers),
      initContainers: withoutImage(spec.initContainers),
    }),
  );
