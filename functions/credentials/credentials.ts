/**
 * The credentials function's one decision path, shared by its HTTP and exec
 * entries: image → registry host and region (ecr-host.ts) → the cached or
 * fetched ECR token for that registry and region (token-cache.ts,
 * ecr-token.ts) → a CredentialProviderResponse whose `cacheDuration` is the
 * time the token stays fresh here, so kubelet's cache and ours end together.
 * Logs the registry, region and whether the cache answered; never the token.
 */
import type { Logger } from 'pino';
import { parseEcrRegistry } from './ecr-host.js';
import type { EcrToken } from './ecr-token.js';
import { toProviderResponse, type ProviderRequest, type ProviderResponse } from './provider-api.js';
import type { TokenCache } from './token-cache.js';

export interface CredentialsDeps {
  /** GetAuthorizationToken in `region` (undefined: the SDK's default region). */
  readonly fetchToken: (region: string | undefined) => Promise<EcrToken>;
  readonly cache: TokenCache;
  readonly now: () => number;
}

export async function ecrCredentials(
  request: ProviderRequest,
  deps: CredentialsDeps,
  log: Logger,
): Promise<ProviderResponse> {
  const registry = parseEcrRegistry(request.image);
  if (registry.region === undefined)
    log.warn(
      { image: request.image },
      'No region found in the image reference, the default region will be used',
    );
  let fetched = false;
  const token = await deps.cache.get(`${registry.region ?? ''}/${registry.host}`, () => {
    fetched = true;
    return deps.fetchToken(registry.region);
  });
  log.info(
    {
      image: request.image,
      registry: registry.host,
      region: registry.region ?? '',
      cached: !fetched,
      expiresAt: token.expiresAt === undefined ? '' : new Date(token.expiresAt).toISOString(),
    },
    'Got ECR credentials',
  );
  return toProviderResponse(request, registry.host, token, token.freshUntil - deps.now());
}
