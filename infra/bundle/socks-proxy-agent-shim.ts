/**
 * What client-node's config.js gets for `socks-proxy-agent` in a bundle (see
 * plugins.ts): the real agent, loaded only when a kubeconfig names a
 * `socks…` proxy-url. Loading it (with socks and ip-address) at start-up
 * costs about 20 ms of every cold start for a setting almost no one uses.
 */
import type * as Socks from 'socks-proxy-agent';
import type { SocksProxyAgent as RealAgent } from 'socks-proxy-agent';

type Args = ConstructorParameters<typeof RealAgent>;

export const SocksProxyAgent = function SocksProxyAgent(...args: Args): RealAgent {
  // A require, not an import: esbuild bundles it as a module evaluated on this first call.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const real = require('socks-proxy-agent') as typeof Socks;
  return new real.SocksProxyAgent(...args);
} as unknown as typeof RealAgent;
