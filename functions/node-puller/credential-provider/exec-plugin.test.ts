/**
 * Real plugin processes (a Node script with a shebang, run without a shell)
 * and start-up registration from a config file.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import type { ProviderConfig } from './config.js';
import { execPlugin } from './exec-plugin.js';
import { registerCredentialProviders } from './register.js';

const dir = mkdtempSync(join(tmpdir(), 'kruise-fn-plugins-'));
const binDir = join(dir, 'bin');
mkdirSync(binDir);

/** A plugin that echoes what it got (args, env, request) in the password, or misbehaves by its first arg. */
const PLUGIN = `#!${process.execPath}
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const req = JSON.parse(input);
  const mode = process.argv[2];
  process.stderr.write('plugin diagnostics\\n');
  if (mode === 'fail') process.exit(3);
  if (mode === 'hang') return setTimeout(() => {}, 60000);
  const apiVersion = mode === 'wrong-version' ? 'credentialprovider.kubelet.k8s.io/v1beta1' : req.apiVersion;
  process.stdout.write(JSON.stringify({
    kind: 'CredentialProviderResponse', apiVersion, cacheKeyType: 'Registry', cacheDuration: '5m',
    auth: { [req.image.split('/')[0]]: { username: process.env.PLUGIN_USER, password: req.kind + ' ' + process.argv.slice(2).join(',') + ' ' + process.env.KEEP } },
  }));
});
`;
writeFileSync(join(binDir, 'echo-plugin'), PLUGIN);
chmodSync(join(binDir, 'echo-plugin'), 0o755);

const provider = (args: string[]): ProviderConfig => ({
  name: 'echo-plugin',
  matchImages: ['*.example.io'],
  defaultCacheDuration: 0n,
  apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
  args,
  env: [
    { name: 'PLUGIN_USER', value: 'from-config' },
    { name: 'KEEP', value: 'config-wins' },
  ],
});

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'info' },
    { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) },
  );
  return { log, lines };
}

describe('credential-provider plugin processes', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the request on stdin, with the args and the merged environment', async () => {
    const { log, lines } = capture();
    const res = await execPlugin(provider(['get-credentials', 'x']), 'r.example.io/app', {
      binDir,
      log,
      environ: { PATH: process.env['PATH'] ?? '', KEEP: 'from-daemon' },
    });
    assert.deepEqual(res, {
      cacheKeyType: 'Registry',
      cacheDuration: 300_000_000_000n,
      auth: [
        [
          'r.example.io',
          {
            username: 'from-config',
            password: 'CredentialProviderRequest get-credentials,x config-wins',
          },
        ],
      ],
    });
    assert.deepEqual(
      lines.map((l) => [l['msg'], l['stderr']]),
      [['Credential provider plugin wrote to stderr', 'plugin diagnostics']],
    );
    assert.ok(!JSON.stringify(lines).includes('config-wins'), 'the credentials were logged');
  });

  it("fails with kubelet's words, carrying the plugin's stderr", async () => {
    const { log } = capture();
    await assert.rejects(execPlugin(provider(['fail']), 'r.example.io/app', { binDir, log }), {
      message:
        'error execing credential provider plugin echo-plugin for image r.example.io/app: exit status 3: plugin diagnostics\n',
    });
    await assert.rejects(
      execPlugin(provider(['hang']), 'r.example.io/app', { binDir, log, timeoutMs: 300 }),
      {
        message:
          'error execing credential provider plugin echo-plugin for image r.example.io/app: context deadline exceeded: plugin diagnostics\n',
      },
    );
    await assert.rejects(
      execPlugin(provider(['wrong-version']), 'r.example.io/app', { binDir, log }),
      {
        message:
          'apiVersion from credential plugin response did not match expected apiVersion:credentialprovider.kubelet.k8s.io/v1, actual apiVersion:credentialprovider.kubelet.k8s.io/v1beta1',
      },
    );
  });

  it('registers the providers of a config file, and none without one', async () => {
    const configFile = join(dir, 'CredentialProviderPlugin.yaml');
    writeFileSync(
      configFile,
      [
        'apiVersion: kubelet.config.k8s.io/v1',
        'kind: CredentialProviderConfig',
        'providers:',
        '- name: echo-plugin',
        '  matchImages: ["*.example.io"]',
        '  defaultCacheDuration: 1m',
        '  apiVersion: credentialprovider.kubelet.k8s.io/v1',
        '- name: missing-plugin',
        '  matchImages: ["*.example.io"]',
        '  defaultCacheDuration: 1m',
        '  apiVersion: credentialprovider.kubelet.k8s.io/v1',
        '',
      ].join('\n'),
    );
    const { log, lines } = capture();
    const providers = registerCredentialProviders({ configFile, binDir, log });
    assert.deepEqual(
      providers.map((p) => p.name),
      ['echo-plugin'],
    );
    assert.deepEqual(
      lines.map((l) => [
        l['msg'],
        (l['err'] as { message?: string } | undefined)?.message ?? l['plugin'],
      ]),
      [
        ['Registered credential provider plugin', 'echo-plugin'],
        [
          'Failed to register credential provider plugins',
          `plugin binary executable ${join(binDir, 'missing-plugin')} did not exist`,
        ],
      ],
    );
    const none = capture();
    assert.deepEqual(
      registerCredentialProviders({ configFile: join(dir, 'absent.yaml'), binDir, log: none.log }),
      [],
    );
    assert.equal(none.lines[0]?.['msg'], 'No plugin config file found, skipping');
  });
});
