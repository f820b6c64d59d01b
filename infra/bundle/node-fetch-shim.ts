/**
 * What bundles get for `node-fetch` (see plugins.ts): Node's own fetch
 * classes, looked up only when used. client-node's KubeConfig imports only
 * `Headers` from it; reading `globalThis.Headers` at load time would load
 * Node's fetch implementation (undici, ~25 ms) into every cold start.
 */
export function Headers(
  init?: ConstructorParameters<typeof globalThis.Headers>[0],
): globalThis.Headers {
  return new globalThis.Headers(init);
}

// node-fetch's own shape: client-node's generated code imports fetch as the default export.
// eslint-disable-next-line no-restricted-syntax
export default function fetch(...args: Parameters<typeof globalThis.fetch>): Promise<Response> {
  return globalThis.fetch(...args);
}

/** Re-exported by client-node's index; no bundled code throws or catches them. */
export class AbortError extends Error {}
export class FetchError extends Error {}
