/**
 * kubelet's `CredentialProviderConfig` (kubelet.config.k8s.io v1, v1beta1,
 * v1alpha1), read and validated as k8s.io/kubernetes@v1.28.9
 * pkg/credentialprovider/plugin/config.go does (OpenKruise's daemon reuses
 * it): the kind and group are checked; every provider needs a name without
 * `/` or spaces that is not `.` or `..`, a supported apiVersion, at least
 * one matchImages entry, and a defaultCacheDuration ≥ 0. Errors read as
 * kubelet's field errors. Pure.
 */
import { parse as parseYaml } from 'yaml';
import { KruiseFnError } from '../../../shared/errors.js';
import { formatGoDuration, parseGoDuration } from '../../../shared/go/duration.js';
import { goRaw } from '../../../shared/go/format.js';
import { parseSchemelessUrl } from '../../../shared/registry-auth/url-match.js';
import {
  aggregate,
  child,
  invalid,
  notSupported,
  required,
  type FieldErr,
} from '../../../shared/validation/field-error.js';

export const CONFIG_GROUP = 'kubelet.config.k8s.io';
const CONFIG_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'];
export const PLUGIN_API_VERSIONS = [
  'credentialprovider.kubelet.k8s.io/v1',
  'credentialprovider.kubelet.k8s.io/v1alpha1',
  'credentialprovider.kubelet.k8s.io/v1beta1',
] as const;

export interface ProviderConfig {
  readonly name: string;
  readonly matchImages: readonly string[];
  /** nanoseconds */
  readonly defaultCacheDuration: bigint;
  readonly apiVersion: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
}

export class CredentialProviderConfigError extends KruiseFnError {}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Decodes the YAML or JSON text; throws with kubelet's words for a wrong kind or group. */
function decode(text: string): Raw[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new CredentialProviderConfigError(`error decoding config: ${(err as Error).message}`);
  }
  if (!isObject(doc))
    throw new CredentialProviderConfigError('error decoding config: not an object');
  const [group, version] = String(doc['apiVersion'] ?? '').split('/');
  const kind = String(doc['kind'] ?? '');
  if (kind !== 'CredentialProviderConfig')
    throw new CredentialProviderConfigError(
      `failed to decode ${JSON.stringify(kind)} (wrong Kind)`,
    );
  if (group !== CONFIG_GROUP)
    throw new CredentialProviderConfigError(
      `failed to decode CredentialProviderConfig, unexpected Group: ${group ?? ''}`,
    );
  if (!CONFIG_VERSIONS.includes(version ?? ''))
    throw new CredentialProviderConfigError(
      `no kind "CredentialProviderConfig" is registered for version "${String(doc['apiVersion'])}"`,
    );
  const providers = doc['providers'];
  return Array.isArray(providers) ? providers.filter(isObject) : [];
}

function validate(providers: readonly Raw[]): FieldErr[] {
  const errs: FieldErr[] = [];
  const path = 'providers';
  if (providers.length === 0) errs.push(required(path, 'at least 1 item in plugins is required'));
  for (const p of providers) {
    const name = String(p['name'] ?? '');
    if (name.includes('/'))
      errs.push(invalid(child(path, 'name'), name, "provider name cannot contain '/'"));
    if (name.includes(' '))
      errs.push(invalid(child(path, 'name'), name, 'provider name cannot contain spaces'));
    if (name === '.') errs.push(invalid(child(path, 'name'), name, "provider name cannot be '.'"));
    if (name === '..')
      errs.push(invalid(child(path, 'name'), name, "provider name cannot be '..'"));
    const apiVersion = String(p['apiVersion'] ?? '');
    if (apiVersion === '') errs.push(required(child(path, 'apiVersion'), 'apiVersion is required'));
    else if (!(PLUGIN_API_VERSIONS as readonly string[]).includes(apiVersion))
      errs.push(notSupported(child(path, 'apiVersion'), apiVersion, PLUGIN_API_VERSIONS));
    const matchImages = strings(p['matchImages']);
    if (matchImages.length === 0)
      errs.push(required(child(path, 'matchImages'), 'at least 1 item in matchImages is required'));
    for (const m of matchImages)
      if (parseSchemelessUrl(m) === undefined)
        errs.push(
          invalid(
            child(path, 'matchImages'),
            m,
            `match image is invalid: parse "https://${m}": invalid URL`,
          ),
        );
    const duration = p['defaultCacheDuration'];
    if (duration === undefined || duration === null)
      errs.push(required(child(path, 'defaultCacheDuration'), 'defaultCacheDuration is required'));
    else {
      const ns = parseGoDuration(String(duration));
      if (ns !== undefined && ns < 0n)
        errs.push(
          invalid(
            child(path, 'defaultCacheDuration'),
            goRaw(formatGoDuration(ns)),
            'defaultCacheDuration must be greater than or equal to 0',
          ),
        );
    }
  }
  return errs;
}

/** The providers of a config file's text; CredentialProviderConfigError with kubelet's message otherwise. */
export function parseCredentialProviderConfig(text: string): ProviderConfig[] {
  const providers = decode(text);
  for (const p of providers) {
    const d = p['defaultCacheDuration'];
    if (d !== undefined && d !== null && parseGoDuration(String(d)) === undefined)
      throw new CredentialProviderConfigError(
        `error decoding config: time: invalid duration ${JSON.stringify(String(d))}`,
      );
  }
  const errs = validate(providers);
  if (errs.length > 0)
    throw new CredentialProviderConfigError(
      `failed to validate credential provider config: ${aggregate(errs)}`,
    );
  return providers.map((p) => ({
    name: String(p['name']),
    matchImages: strings(p['matchImages']),
    defaultCacheDuration: parseGoDuration(String(p['defaultCacheDuration'])) ?? 0n,
    apiVersion: String(p['apiVersion']),
    args: strings(p['args']),
    env: (Array.isArray(p['env']) ? p['env'] : [])
      .filter(isObject)
      .map((e) => ({ name: String(e['name'] ?? ''), value: String(e['value'] ?? '') })),
  }));
}
