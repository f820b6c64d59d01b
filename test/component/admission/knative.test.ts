import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { buildFunctions } from '../../../infra/build.js';
import { loadAdmissionEvent } from '../../../events/admission/load.js';
import {
  sidecarSetList,
  sidecarSetsPath,
  startFakeApiServer,
  type FakeApiServer,
} from '../../support/fake-apiserver.js';
import { createTestCa, issueServingCert, type TestCa } from '../../../infra/dev/pki.js';

const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-knative-'));
let api: FakeApiServer;
let ca: TestCa;
let entry: string;

before(async () => {
  api = await startFakeApiServer();
  ca = await createTestCa('knative-test-ca');
  const pair = await issueServingCert(ca);
  writeFileSync(join(dir, 'tls.crt'), pair.certPem);
  writeFileSync(join(dir, 'tls.key'), pair.keyPem);
  const bundles = await buildFunctions({ outdir: join(dir, 'dist'), only: ['admission'] });
  entry = bundles.find((b) => b.entry === 'knative')?.outfile ?? '';
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

type Line = Record<string, unknown>;

/** Starts the bundle and collects its JSON log lines; `waitFor` resolves on the first match. */
function start(): { child: ChildProcess; lines: Line[]; waitFor: (msg: string) => Promise<Line> } {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: {
      PATH: process.env['PATH'],
      PORT: '0',
      TLS_CERT_FILE: join(dir, 'tls.crt'),
      TLS_KEY_FILE: join(dir, 'tls.key'),
      KUBECONFIG: api.writeKubeconfig(dir),
      LOGGING_FORMAT: 'json',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: Line[] = [];
  const waiters: { msg: string; resolve: (l: Line) => void }[] = [];
  createInterface({ input: child.stderr! }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    lines.push(line);
    for (const w of waiters.filter((w) => w.msg === line['msg'])) w.resolve(line);
  });
  const waitFor = (msg: string) =>
    new Promise<Line>((resolve) => {
      const seen = lines.find((l) => l['msg'] === msg);
      if (seen !== undefined) resolve(seen);
      else waiters.push({ msg, resolve });
    });
  return { child, lines, waitFor };
}

function get(port: number, path: string): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, ca: ca.certPem, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve([res.statusCode ?? 0, body]));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('admission Knative entry (dist/admission/knative.js)', () => {
  it('serves HTTPS on PORT, turns ready once SidecarSets are read, and exits 0 on SIGTERM', async () => {
    const { child, lines, waitFor } = start();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const serving = await waitFor('Serving');
    const port = Number(serving['port']);
    assert.equal(serving['tls'], true);
    assert.deepStrictEqual(await get(port, '/healthz'), [200, 'ok']);
    // The list fails until the fake server knows SidecarSets; /readyz retries it.
    assert.deepStrictEqual(await get(port, '/readyz'), [503, 'SidecarSets have not been read yet']);
    api.answers.set(sidecarSetsPath, sidecarSetList([loadAdmissionEvent('sidecarset-log-agent')]));
    let ready = await get(port, '/readyz');
    while (ready[0] !== 200) {
      await new Promise((r) => setTimeout(r, 50));
      ready = await get(port, '/readyz');
    }
    assert.deepStrictEqual(ready, [200, 'ok']);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepStrictEqual(
      lines.map((l) => l['msg']),
      ['Serving', 'Shutting down'],
    );
  });
});
