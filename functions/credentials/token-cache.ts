/**
 * ECR tokens cached per registry and region, and concurrent asks for one key
 * sharing one call. Freshness bound: a token is served until `marginMs`
 * before its `expiresAt` (EXPIRY_MARGIN_MS, 15 min, by default), so a pull
 * started with it (the node puller cuts a pull at 10 min) finishes before
 * ECR's 12 h token lapses, with 5 min left for clock skew; a token without
 * `expiresAt`, or with less than the margin left, is not cached. A failed
 * call is not cached either: the next ask calls again. The clock is passed
 * in; across a Lambda freeze the bound still holds because it is checked
 * against the clock on every ask.
 */
import type { EcrToken } from './ecr-token.js';

export const EXPIRY_MARGIN_MS = 15 * 60_000;

export interface TokenCacheOptions {
  readonly now: () => number;
  readonly marginMs?: number;
}

export interface CachedToken extends EcrToken {
  /** epoch ms until which this token is served from the cache (0: not cached). */
  readonly freshUntil: number;
}

export interface TokenCache {
  /** The cached token for `key`, else the result of `fetch` (one at a time per key). */
  get(key: string, fetch: () => Promise<EcrToken>): Promise<CachedToken>;
}

export function tokenCache(options: TokenCacheOptions): TokenCache {
  const margin = options.marginMs ?? EXPIRY_MARGIN_MS;
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<CachedToken>>();

  const fresh = (key: string) => {
    const hit = cache.get(key);
    if (hit === undefined) return undefined;
    if (options.now() < hit.freshUntil) return hit;
    cache.delete(key);
    return undefined;
  };

  async function call(key: string, fetch: () => Promise<EcrToken>): Promise<CachedToken> {
    const token = await fetch();
    const until = token.expiresAt === undefined ? 0 : token.expiresAt - margin;
    const entry = { ...token, freshUntil: until > options.now() ? until : 0 };
    if (entry.freshUntil > 0) cache.set(key, entry);
    return entry;
  }

  return {
    get(key, fetch) {
      const hit = fresh(key);
      if (hit !== undefined) return Promise.resolve(hit);
      let pending = inFlight.get(key);
      if (pending === undefined) {
        pending = call(key, fetch).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
