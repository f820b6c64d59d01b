/**
 * `make build`: bundles every function entry (`functions/<fn>/knative.ts`,
 * `lambda.ts`, and the node puller's `main.ts`) with esbuild into
 * `dist/<fn>/<entry>.js` (Node 20, ESM, minified, with source maps) and
 * prints each bundle's size and load time (infra/bundle/load-time.ts;
 * `--skip-load-time` leaves it out). Exits non-zero when any bundle fails to
 * build; a load time that cannot be measured is printed with the reason.
 */
import {
  copyFileSync,
  existsSync,
  readdirSync,
  statSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { measureLoadTimes } from './bundle/load-time.js';
import { generatedApisIn, leanClientNode } from './bundle/plugins.js';
import { sizeTable } from './bundle/size-table.js';
import { cachedCriProto } from './node/cri-proto.js';
import { BUNDLED_PROTO_NAME } from '../functions/node-puller/cri/proto-file.js';

export const ENTRY_NAMES = ['knative', 'lambda', 'main'] as const;

// Bundled CommonJS dependencies still call require(), __filename and __dirname.
const ESM_BANNER = [
  "import { createRequire as __kfnCreateRequire } from 'node:module';",
  "import { fileURLToPath as __kfnFileURLToPath } from 'node:url';",
  "import { dirname as __kfnDirname } from 'node:path';",
  'const require = __kfnCreateRequire(import.meta.url);',
  'const __filename = __kfnFileURLToPath(import.meta.url);',
  'const __dirname = __kfnDirname(__filename);',
].join('\n');

/** The package.json beside every function's bundles. */
export const BUNDLE_PACKAGE_JSON = '{"type":"module"}\n';

export interface Bundle {
  readonly fn: string;
  readonly entry: string;
  readonly outfile: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BuildOptions {
  /** Repository root; default the folder above infra/. */
  readonly root?: string;
  /** Output folder; default `<root>/dist`. */
  readonly outdir?: string;
  /** Only these functions (folder names under functions/). */
  readonly only?: readonly string[];
}

/** Every `functions/<fn>/<entry>.ts` that exists, sorted. */
export function findEntries(root: string, only?: readonly string[]) {
  const dir = join(root, 'functions');
  return readdirSync(dir)
    .filter((fn) => statSync(join(dir, fn)).isDirectory())
    .filter((fn) => only === undefined || only.includes(fn))
    .sort()
    .flatMap((fn) =>
      ENTRY_NAMES.filter((e) => existsSync(join(dir, fn, `${e}.ts`))).map((entry) => ({
        fn,
        entry,
        source: join(dir, fn, `${entry}.ts`),
      })),
    );
}

export async function buildFunctions(options: BuildOptions = {}): Promise<Bundle[]> {
  const root = options.root ?? resolve(fileURLToPath(import.meta.url), '../..');
  const outdir = options.outdir ?? join(root, 'dist');
  const bundles: Bundle[] = [];
  for (const { fn, entry, source } of findEntries(root, options.only)) {
    const outfile = join(outdir, fn, `${entry}.js`);
    const result = await build({
      entryPoints: [source],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      minify: true,
      sourcemap: true,
      // Names stay readable in stacks and in the logger's caller field.
      keepNames: true,
      banner: { js: ESM_BANNER },
      logLevel: 'warning',
      plugins: [leanClientNode],
      metafile: true,
    });
    const generated = generatedApisIn(result.metafile);
    if (generated.length > 0) {
      throw new Error(
        `${fn}/${entry}: bundles client-node's generated API (${generated.join(', ')})`,
      );
    }
    // The node puller reads the pinned CRI proto beside its bundle at run time.
    if (fn === 'node-puller') copyFileSync(cachedCriProto(), join(outdir, fn, BUNDLED_PROTO_NAME));
    // Lambda loads `dist/<fn>/` as the package root (infra/lambda/template.yaml's
    // CodeUri): this marks its .js bundles ESM there, as the repository's package.json does here.
    writeFileSync(join(outdir, fn, 'package.json'), BUNDLE_PACKAGE_JSON);
    const code = readFileSync(outfile);
    bundles.push({ fn, entry, outfile, bytes: code.length, gzipBytes: gzipSync(code).length });
  }
  return bundles;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  const { values } = parseArgs({
    options: { 'skip-load-time': { type: 'boolean', default: false } },
  });
  let bundles: Bundle[];
  try {
    bundles = await buildFunctions({ root });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  const runs = 5;
  const loads = values['skip-load-time']
    ? undefined
    : { runs, ...(await measureLoadTimes(bundles, { runs })) };
  console.log(sizeTable(bundles, root, loads));
}
