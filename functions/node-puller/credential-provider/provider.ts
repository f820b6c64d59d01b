/**
 * One registered credential provider, as kubelet's pluginProvider
 * (plugin.go `Provide`): asked only for images a `matchImages` glob covers
 * (url-match.ts); answers from its cache by image, then registry (the
 * image's first path segment), then `global`; concurrent asks for one image
 * share one plugin run; the response is cached under its `cacheKeyType`
 * (Image, Registry, Global; any other is refused) for its `cacheDuration`,
 * else `defaultCacheDuration` (0: not cached); expired entries are dropped,
 * all of them at most every 15 min. A failed run gives no credentials.
 */
import type { Logger } from 'pino';
import type { RegistryCredential } from '../../../shared/registry-auth/docker-keyring.js';
import { urlsMatch } from '../../../shared/registry-auth/url-match.js';
import type { ProviderConfig } from './config.js';
import type { PluginResponse } from './exec-plugin.js';

const PURGE_INTERVAL_MS = 15 * 60_000;
const GLOBAL_KEY = 'global';

export type DockerConfigEntries = readonly (readonly [string, RegistryCredential])[];

export interface CredentialProvider {
  readonly name: string;
  provide(image: string): Promise<DockerConfigEntries>;
}

export interface ProviderDeps {
  readonly exec: (image: string) => Promise<PluginResponse>;
  readonly now: () => number;
  readonly log: Logger;
}

const registryOf = (image: string) => image.split('/')[0] ?? '';

export function credentialProvider(config: ProviderConfig, deps: ProviderDeps): CredentialProvider {
  const cache = new Map<string, { entries: DockerConfigEntries; expiresAt: number }>();
  const inFlight = new Map<string, Promise<PluginResponse>>();
  let lastPurge = deps.now();

  const cached = (key: string) => {
    const e = cache.get(key);
    if (e === undefined) return undefined;
    if (deps.now() > e.expiresAt) {
      cache.delete(key);
      return undefined;
    }
    return e.entries;
  };

  async function provide(image: string): Promise<DockerConfigEntries> {
    if (!config.matchImages.some((m) => urlsMatch(m, image))) return [];
    if (deps.now() > lastPurge + PURGE_INTERVAL_MS) {
      for (const key of [...cache.keys()]) cached(key);
      lastPurge = deps.now();
    }
    const hit = cached(image) ?? cached(registryOf(image)) ?? cached(GLOBAL_KEY);
    if (hit !== undefined) return hit;
    let pending = inFlight.get(image);
    if (pending === undefined) {
      pending = deps.exec(image).finally(() => inFlight.delete(image));
      inFlight.set(image, pending);
    }
    let response: PluginResponse;
    try {
      response = await pending;
    } catch (err) {
      deps.log.error(
        { err: err instanceof Error ? new Error(err.message) : err, plugin: config.name },
        'Failed getting credential from external registry credential provider',
      );
      return [];
    }
    const key =
      response.cacheKeyType === 'Image'
        ? image
        : response.cacheKeyType === 'Registry'
          ? registryOf(image)
          : response.cacheKeyType === 'Global'
            ? GLOBAL_KEY
            : undefined;
    if (key === undefined) {
      deps.log.error(
        { plugin: config.name, cacheKeyType: response.cacheKeyType },
        'Credential provider plugin did not return a valid cacheKeyType',
      );
      return [];
    }
    const ttlNs = response.cacheDuration ?? config.defaultCacheDuration;
    if (ttlNs > 0n)
      cache.set(key, {
        entries: response.auth,
        expiresAt: deps.now() + Number(ttlNs / 1_000_000n),
      });
    return response.auth;
  }

  return { name: config.name, provide };
}
