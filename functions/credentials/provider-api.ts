/**
 * kubelet's credential-provider exec API (k8s.io/kubelet
 * pkg/apis/credentialprovider, group `credentialprovider.kubelet.k8s.io`,
 * versions v1, v1beta1, v1alpha1, one shape): the request `{apiVersion,
 * kind: CredentialProviderRequest, image}` is read, and the response is
 * answered in the request's apiVersion, `{cacheKeyType, cacheDuration?,
 * auth: {<registry>: {username, password}}}`, cacheDuration written as Go's
 * time.Duration string (metav1.Duration). Pure.
 */
import { BadRequestError } from '../../shared/errors.js';
import { formatGoDuration } from '../../shared/go/duration.js';
import { isJsonObject } from '../../shared/json.js';

export const PROVIDER_GROUP = 'credentialprovider.kubelet.k8s.io';
export const PROVIDER_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'] as const;

export interface ProviderRequest {
  readonly apiVersion: string;
  readonly image: string;
}

export interface ProviderResponse {
  readonly kind: 'CredentialProviderResponse';
  readonly apiVersion: string;
  readonly cacheKeyType: 'Image' | 'Registry' | 'Global';
  readonly cacheDuration?: string;
  readonly auth: Record<string, { readonly username: string; readonly password: string }>;
}

/** Decodes a CredentialProviderRequest; BadRequestError says what is wrong. */
export function parseProviderRequest(text: string): ProviderRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new BadRequestError('Malformed JSON in CredentialProviderRequest');
  }
  if (!isJsonObject(doc)) throw new BadRequestError('CredentialProviderRequest is not an object');
  const apiVersion = typeof doc['apiVersion'] === 'string' ? doc['apiVersion'] : '';
  const [group, version, extra] = apiVersion.split('/');
  if (
    group !== PROVIDER_GROUP ||
    extra !== undefined ||
    !PROVIDER_VERSIONS.some((v) => v === version)
  )
    throw new BadRequestError(
      `group version ${JSON.stringify(apiVersion)} is not supported: one of ${PROVIDER_VERSIONS.map((v) => `${PROVIDER_GROUP}/${v}`).join(', ')}`,
    );
  if (doc['kind'] !== 'CredentialProviderRequest')
    throw new BadRequestError(
      `kind was ${JSON.stringify(doc['kind'] ?? '')}, expected CredentialProviderRequest`,
    );
  const image = typeof doc['image'] === 'string' ? doc['image'] : '';
  if (image === '') throw new BadRequestError('image in plugin request was empty');
  return { apiVersion, image };
}

/** The response for `registry`, cached by kubelet for `cacheMs` (whole seconds, down). */
export function toProviderResponse(
  request: ProviderRequest,
  registry: string,
  credential: { readonly username: string; readonly password: string },
  cacheMs: number,
): ProviderResponse {
  const seconds = BigInt(Math.max(0, Math.floor(cacheMs / 1000)));
  return {
    kind: 'CredentialProviderResponse',
    apiVersion: request.apiVersion,
    cacheKeyType: 'Registry',
    cacheDuration: formatGoDuration(seconds * 1_000_000_000n),
    auth: { [registry]: { username: credential.username, password: credential.password } },
  };
}
