/**
 * `make run` end to end: infra/dev/run.ts with `--check` on freshly built
 * bundles, in a run dir of its own (its own control plane on free ports,
 * its own containerd and docker-registry; nothing shared with the
 * integration run's control plane). It must say that each sample worked —
 * the native sidecar injected into the pod, the Advanced StatefulSet's pods
 * 3..7, the ImagePullJob completed through the node puller and containerd —
 * then stop everything and exit 0. Needs root and `make node-infra`, as the
 * node puller's tests do.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildFunctions } from '../../infra/build.js';
import { requireNodeTools } from '../support/node-services.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('make run --check', { timeout: 360_000 }, () => {
  let dir: string;
  let output = '';
  let code: number | null = null;

  before(async () => {
    requireNodeTools();
    dir = mkdtempSync(join(tmpdir(), 'kruise-fn-make-run-'));
    await buildFunctions({ outdir: join(dir, 'dist') });
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/dev/run.ts', '--check'], {
      cwd: ROOT,
      env: {
        ...process.env,
        KRUISE_FN_RUN_DIR: join(dir, 'run'),
        KRUISE_FN_DIST: join(dir, 'dist'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGTERM'), 300_000);
    code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
    clearTimeout(killer);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const says = (pattern: RegExp) =>
    assert.match(output, pattern, `make run did not print ${pattern}; it printed:\n${output}`);

  it('exits 0 after checking every sample, and stops everything', () => {
    assert.equal(code, 0, output);
    says(/check passed: 3 samples/);
    says(/stopped; nothing left running\n$/);
    // Every child (functions from dir/dist, containerd and docker-registry
    // with configs in dir/run) names the dir on its command line.
    const left = readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
        } catch {
          return false; // exited meanwhile
        }
      });
    assert.deepEqual(left, [], 'processes of the run still running');
  });

  it('prints each step with the seconds since the start', () => {
    const steps = output.split('\n').filter((l) => l.startsWith('[run]'));
    assert.ok(steps.length > 15, output);
    for (const line of steps) assert.match(line, /^\[run\] +\d+\.\d s {2}( {2}… waiting for )?\S/);
  });

  it('shows the native sidecar the SidecarSet injected into the pod', () => {
    says(
      /ok: SidecarSet test-sidecarset injected native sidecar sidecar \(initContainers, restartPolicy Always\) into pod default\/sidecar-demo/,
    );
    says(/ {6}initContainers:\n {8}- sidecar {2}nginx:alpine {2}restartPolicy: Always\n/);
  });

  it("shows the Advanced StatefulSet's pods from ordinals.start", () => {
    says(
      /ok: Advanced StatefulSet default\/sample \(replicas 5, ordinals\.start 3\) made pods sample-3, sample-4, sample-5, sample-6, sample-7/,
    );
    for (const n of [3, 4, 5, 6, 7])
      says(new RegExp(`sample-${n}: phase Running, native sidecars sidecar`));
  });

  it('completes the ImagePullJob through the node puller and containerd', () => {
    says(
      /ok: ImagePullJob default\/prefetch-app: job has completed \(desired 1, succeeded 1, failed 0\)/,
    );
    says(
      /node kruise-fn-node: Succeeded, imageID 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/app@sha256:[0-9a-f]{64}/,
    );
  });

  it('prints the kubeconfig in its run dir, the URLs and a kubectl line per sample', () => {
    says(new RegExp(`kubeconfig: +${join(dir, 'run', 'kubeconfig')}\n`));
    for (const what of [
      'kube-apiserver',
      'admission function',
      'certs function',
      'reconcile function',
      'credentials function',
      'node puller',
    ])
      says(new RegExp(`${what}: +https?://127\\.0\\.0\\.1:\\d+`));
    assert.equal((output.match(/^ {4}kubectl /gm) ?? []).length, 5, output);
  });
});
