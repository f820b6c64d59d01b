/**
 * Docker image references: the grammar and errors of
 * `github.com/docker/distribution/reference` v2.8.2 (`ParseNormalizedNamed`)
 * and `github.com/opencontainers/go-digest` v1.0.0, which OpenKruise v1.7 and
 * Kubernetes v1.28 use.
 *
 * The name-component pattern is written without the upstream's empty-able
 * `[-]*` separator (which only glues two alphanumeric runs together, so the
 * language is the same): JS regexps backtrack, and the upstream form would be
 * exponential on long invalid input.
 */

const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|-+)';
const nameComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const name = `(?:${domain}/)?${nameComponent}(?:/${nameComponent})*`;

const referenceRegexp = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const anchoredName = new RegExp(`^(?:(${domain})/)?(${nameComponent}(?:/${nameComponent})*)$`);
const anchoredIdentifier = /^[a-f0-9]{64}$/;

export const errReferenceInvalidFormat = 'invalid reference format';
export const errNameContainsUppercase =
  'invalid reference format: repository name must be lowercase';
export const errNameEmpty = 'repository name must have at least one component';
export const errNameTooLong = 'repository name must not be more than 255 characters';

const defaultDomain = 'docker.io';
const legacyDefaultDomain = 'index.docker.io';
const officialRepoName = 'library';

/** A parsed, normalised reference: `domain/path[:tag][@digest]`. */
export interface NamedReference {
  readonly domain: string;
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

export type ParseResult =
  | { readonly ok: true; readonly ref: NamedReference }
  | { readonly ok: false; readonly error: string };

const digestSizes: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };
const anchoredDigest = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** go-digest Digest.Validate */
export function validateDigest(s: string): string | undefined {
  const i = s.indexOf(':');
  if (i <= 0 || i + 1 === s.length) return 'invalid checksum digest format';
  const algorithm = s.slice(0, i);
  const encoded = s.slice(i + 1);
  const size = digestSizes[algorithm];
  if (size === undefined) {
    return anchoredDigest.test(s)
      ? 'unsupported digest algorithm'
      : 'invalid checksum digest format';
  }
  if (encoded.length !== size * 2) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(encoded) ? undefined : 'invalid checksum digest format';
}

/** reference.Parse: the reference as written (no `docker.io/library/` added). */
export function parseReference(s: string): ParseResult {
  const m = referenceRegexp.exec(s);
  if (m === null) {
    if (s === '') return { ok: false, error: errNameEmpty };
    if (referenceRegexp.test(s.toLowerCase()))
      return { ok: false, error: errNameContainsUppercase };
    return { ok: false, error: errReferenceInvalidFormat };
  }
  const fullName = m[1] ?? '';
  if (fullName.length > 255) return { ok: false, error: errNameTooLong };
  const nm = anchoredName.exec(fullName);
  const refDomain = nm?.[1] ?? '';
  const path = nm?.[1] !== undefined ? (nm[2] ?? '') : fullName;
  const dig = m[3];
  if (dig !== undefined) {
    const err = validateDigest(dig);
    if (err !== undefined) return { ok: false, error: err };
  }
  return {
    ok: true,
    ref: {
      domain: refDomain,
      path,
      ...(m[2] !== undefined && { tag: m[2] }),
      ...(dig !== undefined && { digest: dig }),
    },
  };
}

function splitDockerDomain(s: string): [string, string] {
  const i = s.indexOf('/');
  let d: string;
  let remainder: string;
  const head = i === -1 ? '' : s.slice(0, i);
  if (i === -1 || (!/[.:]/.test(head) && head !== 'localhost')) {
    d = defaultDomain;
    remainder = s;
  } else {
    d = head;
    remainder = s.slice(i + 1);
  }
  if (d === legacyDefaultDomain) d = defaultDomain;
  if (d === defaultDomain && !remainder.includes('/'))
    remainder = `${officialRepoName}/${remainder}`;
  return [d, remainder];
}

/** reference.ParseNormalizedNamed */
export function parseNormalizedNamed(s: string): ParseResult {
  if (anchoredIdentifier.test(s)) {
    return {
      ok: false,
      error: `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`,
    };
  }
  const [d, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(':');
  const remoteName = colon > -1 ? remainder.slice(0, colon) : remainder;
  if (remoteName.toLowerCase() !== remoteName)
    return { ok: false, error: errNameContainsUppercase };
  return parseReference(`${d}/${remainder}`);
}

/** reference.Named.Name(): `domain/path`. */
export const referenceName = (ref: NamedReference): string =>
  ref.domain === '' ? ref.path : `${ref.domain}/${ref.path}`;

/** reference.FamiliarName: drops `docker.io/` and `library/` for official images. */
export function familiarName(ref: NamedReference): string {
  if (ref.domain !== defaultDomain) return referenceName(ref);
  const parts = ref.path.split('/');
  return parts.length === 2 && parts[0] === officialRepoName ? (parts[1] ?? '') : ref.path;
}

/**
 * Kubernetes parsers.ParseImageName's tag: the tag, else `latest` when the
 * reference has neither tag nor digest; '' when parsing fails.
 */
export function imageTagForDefaults(image: string): string {
  const r = parseNormalizedNamed(image);
  if (!r.ok) return '';
  if (r.ref.tag !== undefined) return r.ref.tag;
  return r.ref.digest === undefined ? 'latest' : '';
}
