/**
 * Which logged fields carry secrets. Keys match case-insensitively, ignoring `-` and `_`, at
 * any depth: passwords, tokens, client secrets, `auth`/`authorization` (docker config and
 * credential-provider `auth` entries, HTTP headers), private keys, and the data keys of
 * docker-config and TLS Secrets (`.dockerconfigjson`, `.dockercfg`, `tls.key`, `ca-key.pem`).
 */

export const REDACTED = '[REDACTED]';

const SECRET_KEYS = new Set([
  'secret',
  'secrets',
  'auth',
  'cookie',
  'setcookie',
  'passwd',
  'pwd',
  'credential',
  '.dockerconfigjson',
  '.dockercfg',
]);

const SECRET_SUFFIXES = [
  'password',
  'passwd',
  'token',
  'secret',
  'auth',
  'authorization',
  'apikey',
  'privatekey',
  'secretaccesskey',
  'secretkey',
  '.key',
  'key.pem',
];

/** Whether a field of this name holds a secret. */
export function isSecretKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEYS.has(normal) || SECRET_SUFFIXES.some((suffix) => normal.endsWith(suffix));
}

/**
 * An object reference (`{name}` or `{name, namespace}` of strings, as klog's
 * KRef and controller-runtime's `Secret: {name, namespace}` write it) names a
 * Secret without holding any of it.
 */
function isObjectRef(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const { name, namespace } = value as { name?: unknown; namespace?: unknown };
  return (
    typeof name === 'string' &&
    (namespace === undefined || typeof namespace === 'string') &&
    keys.every((k) => k === 'name' || k === 'namespace')
  );
}

/**
 * Booleans and nulls say whether a secret is set, never what it is; an
 * object reference only names one: they stay visible.
 */
export const isRedactable = (value: unknown): boolean =>
  value !== undefined && value !== null && typeof value !== 'boolean' && !isObjectRef(value);

// kubectl keeps the whole applied object, data included, in this annotation.
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Whether an object is a Kubernetes Secret: `kind: Secret`, or (list items carry no kind) an
 * object with metadata, a string `type` and `data`/`stringData` but no `spec`.
 */
export function isSecretObject(value: Record<string, unknown>): boolean {
  if (value.kind === 'Secret') return true;
  return (
    value.kind === undefined &&
    typeof value.type === 'string' &&
    typeof value.metadata === 'object' &&
    value.spec === undefined &&
    ('data' in value || 'stringData' in value)
  );
}

/** Fields of a Secret whose every value is redacted, keeping the keys. */
export const SECRET_VALUE_FIELDS = ['data', 'stringData'] as const;

/** Whether a metadata annotation of a Secret must be redacted. */
export const isSecretAnnotation = (key: string): boolean => key === LAST_APPLIED;
