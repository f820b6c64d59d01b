import { build } from 'esbuild';
import { leanClientNode } from './infra/bundle/plugins.ts';
await build({ entryPoints: [process.argv[2]], outfile: '/tmp/prof/adm.mjs', bundle: true, platform: 'node', target: 'node20', format: 'esm', minify: false, keepNames: true, plugins: [leanClientNode], banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" }, logLevel: 'error' });
