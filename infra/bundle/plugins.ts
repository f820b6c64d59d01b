/**
 * esbuild plugins that keep client-node out of the bundles but for what the
 * functions call: `KubeConfig` (kubeconfig and in-cluster loading, auth
 * plugins, TLS options). The functions talk to the API through shared/kube,
 * never through client-node's generated API, so:
 *
 * - client-node's modules are marked free of side effects (its package.json
 *   says nothing either way), so esbuild drops every generated API and model
 *   nothing references (about 1.2 MB);
 * - `node-fetch`, which config.js imports only for `Headers` in
 *   `applyToFetchOptions` (a path we never take) and which drags in
 *   whatwg-url's 265 KB Unicode table, resolves to Node's own fetch globals;
 * - `socks-proxy-agent` is loaded on first use only (socks-proxy-agent-shim.ts);
 * - a bundle that still contains a generated API fails the build, because
 *   those calls would go through the shimmed fetch.
 *
 * A relative import inside client-node names its file exactly (ESM, `.js`
 * suffixes), so it is resolved here; `build.resolve` round-trips through
 * esbuild for each of client-node's ~1,800 imports and made one bundle take
 * ~10 s instead of ~2 s (same output).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile, Plugin } from 'esbuild';

const CLIENT_NODE = /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]/;
const GENERATED_API = /@kubernetes\/client-node\/dist\/gen\/apis\//;
const NODE_FETCH_SHIM = fileURLToPath(new URL('./node-fetch-shim.ts', import.meta.url));
const SOCKS_SHIM = fileURLToPath(new URL('./socks-proxy-agent-shim.ts', import.meta.url));

const isFile = (path: string): boolean =>
  statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

export const leanClientNode: Plugin = {
  name: 'lean-client-node',
  setup(build) {
    build.onResolve({ filter: /^node-fetch$/ }, () => ({ path: NODE_FETCH_SHIM }));
    build.onResolve({ filter: /^socks-proxy-agent$/ }, (args) =>
      CLIENT_NODE.test(args.importer) ? { path: SOCKS_SHIM } : undefined,
    );
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'lean-client-node') return undefined;
      const inClientNode =
        CLIENT_NODE.test(args.importer) || args.path.startsWith('@kubernetes/client-node');
      if (!inClientNode) return undefined;
      if (args.path.startsWith('.') && CLIENT_NODE.test(args.importer)) {
        const file = join(args.resolveDir, args.path);
        if (CLIENT_NODE.test(file) && isFile(file)) return { path: file, sideEffects: false };
      }
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'lean-client-node',
      });
      if (resolved.errors.length > 0 || !CLIENT_NODE.test(resolved.path)) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

/** The generated client-node API modules whose code a bundle still carries (none may). */
export function generatedApisIn(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([input, use]) => use.bytesInOutput > 0 && GENERATED_API.test(input))
      .map(([input]) => input),
  );
}
