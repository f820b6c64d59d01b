/**
 * Registry credentials from pull secrets, looked up as kubelet does
 * (k8s.io/kubernetes@v1.28.9 pkg/credentialprovider: secrets.MakeDockerKeyring,
 * config.go DockerConfigEntry, keyring.go BasicDockerKeyring), which
 * OpenKruise's daemon reuses (pkg/util/secret/parse.go):
 *
 * - a Secret of type `kubernetes.io/dockerconfigjson` with a non-empty
 *   `.dockerconfigjson` (`{"auths": {…}}`), or `kubernetes.io/dockercfg`
 *   with a non-empty `.dockercfg` (the map itself); others are ignored;
 * - an entry's `auth` (base64 of `user:password`) overrides username/password;
 * - a location loses its `http(s)://` scheme and a leading `/v1` or `/v2` of
 *   its path; the keys are tried most specific first (reverse-sorted), every
 *   key whose glob covers the image contributes (url-match.ts);
 * - with no match, an image of Docker Hub gets the `index.docker.io` entry.
 */
import { KruiseFnError } from '../errors.js';
import { hasControlCharacter, urlsMatch } from './url-match.js';

export interface RegistryCredential {
  readonly username: string;
  readonly password: string;
}

/** The parts of a core/v1 Secret that carry registry credentials. */
export interface PullSecret {
  readonly type?: string;
  /** base64 values, as the API returns them */
  readonly data?: Readonly<Record<string, string>>;
}

export type DockerConfig = ReadonlyMap<string, RegistryCredential>;

export class PullSecretError extends KruiseFnError {}

const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
const DOCKER_CFG = 'kubernetes.io/dockercfg';

/** encoding/json matches field names case-insensitively, an exact match first. */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : obj[key];
}

const str = (v: unknown, what: string): string => {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new PullSecretError(`${what} is not a string`);
  return v;
};

/** config.go decodeDockerConfigFieldAuth: padded base64 when it ends in '=', else unpadded. */
export function decodeAuthField(field: string): RegistryCredential {
  const padded = field.trim().endsWith('=');
  const ok = padded
    ? /^[A-Za-z0-9+/]*={0,2}$/.test(field) && field.length % 4 === 0
    : /^[A-Za-z0-9+/]*$/.test(field) && field.length % 4 !== 1;
  if (!ok) throw new PullSecretError('illegal base64 data in auth field');
  const decoded = Buffer.from(field, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1)
    throw new PullSecretError(
      'unable to parse auth field, must be formatted as base64(username:password)',
    );
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function entriesOf(json: unknown): [string, RegistryCredential][] {
  if (json === null || json === undefined) return [];
  if (typeof json !== 'object' || Array.isArray(json))
    throw new PullSecretError('docker config is not an object');
  return Object.entries(json as Record<string, unknown>).map(([loc, raw]) => {
    if (raw === null) return [loc, { username: '', password: '' }];
    if (typeof raw !== 'object' || Array.isArray(raw))
      throw new PullSecretError(`docker config entry ${JSON.stringify(loc)} is not an object`);
    const entry = raw as Record<string, unknown>;
    const auth = str(field(entry, 'auth'), 'auth');
    if (auth !== '') return [loc, decodeAuthField(auth)];
    return [
      loc,
      {
        username: str(field(entry, 'username'), 'username'),
        password: str(field(entry, 'password'), 'password'),
      },
    ];
  });
}

function parseJson(text: string, secretType: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new PullSecretError(`${secretType} secret is not JSON`, { cause: err });
  }
}

/**
 * The docker config of one secret, as [location, credential] pairs; empty
 * for a secret kubelet ignores. A malformed one throws PullSecretError
 * (kubelet, and so OpenKruise's pull, fails on it).
 */
export function dockerConfigOf(secret: PullSecret): [string, RegistryCredential][] {
  const data = secret.data ?? {};
  const decode = (key: string) => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
  if (secret.type === DOCKER_CONFIG_JSON && (data['.dockerconfigjson'] ?? '') !== '') {
    const json = parseJson(decode('.dockerconfigjson'), DOCKER_CONFIG_JSON);
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new PullSecretError(`${DOCKER_CONFIG_JSON} secret is not an object`);
    return entriesOf(field(json as Record<string, unknown>, 'auths'));
  }
  if (secret.type === DOCKER_CFG && (data['.dockercfg'] ?? '') !== '')
    return entriesOf(parseJson(decode('.dockercfg'), DOCKER_CFG));
  return [];
}

export interface Keyring {
  /** Keys, most specific first. */
  readonly index: readonly string[];
  readonly creds: ReadonlyMap<string, readonly RegistryCredential[]>;
}

/** keyring.go Add: the key of a location (no scheme, no /v1 or /v2 path prefix). */
export function keyOfLocation(location: string): string | undefined {
  const value = /^https?:\/\//.test(location) ? location : `https://${location}`;
  const rest = value.replace(/^https?:\/\//, '').replace(/[?#].*$/s, '');
  if (hasControlCharacter(rest) || rest.includes(' ')) return undefined;
  const slash = rest.indexOf('/');
  const host = slash === -1 ? rest : rest.slice(0, slash);
  let path = slash === -1 ? '' : rest.slice(slash);
  if (path.startsWith('/v2/') || path.startsWith('/v1/')) path = path.slice(3);
  return path.length > 0 && path !== '/' ? host + path : host;
}

/** One keyring of every credential of `secrets`, in order (secrets.MakeDockerKeyring). */
export const keyringOf = (secrets: readonly PullSecret[]): Keyring =>
  keyringOfEntries(secrets.flatMap(dockerConfigOf));

/** BasicDockerKeyring.Add of docker config entries (a secret's, or a credential provider's). */
export function keyringOfEntries(
  entries: readonly (readonly [string, RegistryCredential])[],
): Keyring {
  const creds = new Map<string, RegistryCredential[]>();
  for (const [location, credential] of entries) {
    const key = keyOfLocation(location);
    if (key === undefined) continue;
    creds.set(key, [...(creds.get(key) ?? []), credential]);
  }
  const index = [...creds.keys()].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  return { index, creds };
}

/** keyring.go isDefaultRegistryMatch */
export function isDefaultRegistryMatch(image: string): boolean {
  const slash = image.indexOf('/');
  const first = slash === -1 ? image : image.slice(0, slash);
  if (first === '') return false;
  if (slash === -1) return true;
  if (first === 'docker.io' || first === 'index.docker.io') return true;
  return !/[.:]/.test(first);
}

/** keyring.go Lookup: every credential whose key covers `image` (a repository, e.g. `docker.io/library/nginx`). */
export function lookupCredentials(keyring: Keyring, image: string): RegistryCredential[] {
  const found = keyring.index
    .filter((key) => urlsMatch(key, image))
    .flatMap((key) => keyring.creds.get(key) ?? []);
  if (found.length > 0) return found;
  if (isDefaultRegistryMatch(image)) return [...(keyring.creds.get('index.docker.io') ?? [])];
  return [];
}
