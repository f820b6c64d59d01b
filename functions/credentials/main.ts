#!/usr/bin/env node
/**
 * Credential-provider exec entry (`dist/credentials/main.js`, executable):
 * put it in kubelet's (or the node puller's) plugin bin dir under the name a
 * CredentialProviderConfig gives it, in place of ecr-credential-provider.
 * Reads the request from stdin to its end; logs go to stderr only, so
 * stdout carries nothing but the response. Arguments (upstream's
 * `get-credentials`) are accepted and ignored.
 */
import { createLogger } from '../../shared/log/index.js';
import { processDeps } from './deps.js';
import { runExec } from './exec.js';

const log = createLogger();
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const { stdout, exitCode } = await runExec(
  Buffer.concat(chunks).toString('utf8'),
  processDeps(),
  log,
);
process.stdout.write(stdout, () => process.exit(exitCode));
