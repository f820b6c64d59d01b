#!/usr/bin/env node
// The `kruise-fn` bin (package.json): loads tsx's loader from beside this
// file, so the TypeScript CLI runs from any working directory.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./cli.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
