import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildFunctions, type Bundle } from '../../../infra/build.js';
import { loadAdmissionEvent } from '../../../events/admission/load.js';
import {
  sidecarSetList,
  sidecarSetsPath,
  startFakeApiServer,
  type FakeApiServer,
} from '../../support/fake-apiserver.js';

const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-lambda-'));
let api: FakeApiServer;
let bundle: Bundle;

before(async () => {
  api = await startFakeApiServer([
    [sidecarSetsPath, sidecarSetList([loadAdmissionEvent('sidecarset-log-agent')])],
  ]);
  [bundle] = (await buildFunctions({ outdir: join(dir, 'dist'), only: ['admission'] })).filter(
    (b) => b.entry === 'lambda',
  ) as [Bundle];
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('admission Lambda bundle', () => {
  // Its answers to Function URL events, under the Lambda runtime emulator: test/integration/admission-lambda.test.ts.
  it('reaches the API through a kubeconfig socks proxy-url (the proxy agent loads on first use)', async (t) => {
    t.diagnostic(`dist/admission/lambda.js: ${bundle.bytes} bytes (${bundle.gzipBytes} gzipped)`);
    // A kubeconfig naming a socks proxy that is not there: the read must fail at the proxy.
    const proxied = join(dir, 'kubeconfig-socks.json');
    const kubeconfig = JSON.parse(readFileSync(api.writeKubeconfig(dir), 'utf8')) as {
      clusters: { cluster: Record<string, unknown> }[];
    };
    const port = await closedPort();
    for (const c of kubeconfig.clusters) c.cluster['proxy-url'] = `socks5://127.0.0.1:${port}`;
    writeFileSync(proxied, JSON.stringify(kubeconfig));
    // A process of its own: the bundle reads its kubeconfig once, when it loads.
    const script = [
      `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle.outfile).href)});`,
      `const event = JSON.parse(process.argv[1]);`,
      `process.stdout.write((await handler(event, {})).body);`,
    ].join('\n');
    const event = loadAdmissionEvent<Record<string, unknown>>('function-url-create-pod');
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(event)],
      {
        env: { ...process.env, KUBECONFIG: proxied, LOG_LEVEL: '0' },
      },
    );
    const body = JSON.parse(stdout) as {
      response: { allowed: boolean; status?: { code: number; message: string } };
    };
    assert.deepStrictEqual([body.response.allowed, body.response.status?.code], [false, 500]);
    assert.match(
      body.response.status?.message ?? '',
      new RegExp(`^list SidecarSets: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`),
    );
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
