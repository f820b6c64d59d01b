/**
 * Runs the integration tests against one shared control plane (with its
 * audit relay, control-plane.ts): starts it,
 * runs `node --test` on the given files with KRUISE_FN_KUBECONFIG set, stops
 * it, and exits with the tests' exit code. Ctrl-C or SIGTERM stops everything.
 */
import { spawn } from 'node:child_process';
import { AUDIT_RELAY_ENV } from './audit-relay.js';
import { SHARED_KUBECONFIG_ENV, startAuditedControlPlane } from './control-plane.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: run-integration.ts <test files…>\n');
  process.exit(2);
}

const started = Date.now();
process.stderr.write('[integration] starting the local control plane (etcd + kube-apiserver)\n');
const { cp, relay } = await startAuditedControlPlane();
process.stderr.write(
  `[integration] control plane ready at ${cp.server} in ${Date.now() - started} ms\n`,
);

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      [SHARED_KUBECONFIG_ENV]: cp.kubeconfigPath,
      [AUDIT_RELAY_ENV]: relay.url,
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
const code = await new Promise<number>((resolve) =>
  child.on('exit', (c, s) => resolve(c ?? (s === null ? 1 : 128 + 2))),
);
await cp.stop();
process.stderr.write('[integration] control plane stopped\n');
process.exit(code);
