/**
 * The credentials function's process-wide parts: one ECR client per region
 * (the SDK's credential chain: env, shared files, web identity, container
 * or instance role; the endpoint from AWS_ENDPOINT_URL_ECR or
 * AWS_ENDPOINT_URL when set), one token cache, the wall clock. Module state
 * that outlives a warm Lambda invocation is only this cache, whose
 * freshness bound token-cache.ts states.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { CredentialsDeps } from './credentials.js';
import { ecrClient, fetchEcrToken } from './ecr-token.js';
import { tokenCache } from './token-cache.js';

type Env = Readonly<Record<string, string | undefined>>;

export function processDeps(env: Env = process.env): CredentialsDeps {
  const clients = new Map<string, ECRClient>();
  const now = () => Date.now();
  return {
    now,
    cache: tokenCache({ now }),
    fetchToken(region) {
      const key = region ?? '';
      let client = clients.get(key);
      if (client === undefined) {
        client = ecrClient(region, env);
        clients.set(key, client);
      }
      return fetchEcrToken(
        client,
        region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? '(default region)',
      );
    },
  };
}
