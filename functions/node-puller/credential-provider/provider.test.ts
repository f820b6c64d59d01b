/** A registered provider's matching, caching and deduplication (kubelet plugin.go Provide). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { ProviderConfig } from './config.js';
import type { PluginResponse } from './exec-plugin.js';
import { credentialProvider } from './provider.js';
import { pluginCredentials } from './register.js';

const config: ProviderConfig = {
  name: 'p',
  matchImages: ['*.dkr.ecr.*.amazonaws.com', '127.0.0.1:5000'],
  defaultCacheDuration: 60_000_000_000n, // 1m
  apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
  args: [],
  env: [],
};
const ECR = '123.dkr.ecr.us-east-1.amazonaws.com';

function setup(response: Partial<PluginResponse> = {}) {
  let clock = 0;
  const asked: string[] = [];
  const provider = credentialProvider(config, {
    async exec(image) {
      asked.push(image);
      await new Promise((r) => setTimeout(r, 5));
      return {
        cacheKeyType: 'Image',
        auth: [[ECR, { username: 'AWS', password: 'tok' }]],
        ...response,
      };
    },
    now: () => clock,
    log: pino({ level: 'silent' }),
  });
  return { provider, asked, advance: (ms: number) => (clock += ms) };
}

describe('a credential provider plugin, registered', () => {
  it('is asked only for images its matchImages cover', async () => {
    const { provider, asked } = setup();
    assert.deepEqual(await provider.provide('quay.io/app'), []);
    assert.deepEqual(await provider.provide(`${ECR}/app`), [
      [ECR, { username: 'AWS', password: 'tok' }],
    ]);
    assert.deepEqual(asked, [`${ECR}/app`]);
  });

  it('runs once for concurrent asks of one image', async () => {
    const { provider, asked } = setup();
    await Promise.all([provider.provide(`${ECR}/app`), provider.provide(`${ECR}/app`)]);
    assert.equal(asked.length, 1);
  });

  it('caches for defaultCacheDuration by image', async () => {
    const { provider, asked, advance } = setup();
    await provider.provide(`${ECR}/app`);
    await provider.provide(`${ECR}/other`);
    advance(59_000);
    await provider.provide(`${ECR}/app`);
    assert.equal(asked.length, 2);
    advance(2_000);
    await provider.provide(`${ECR}/app`);
    assert.equal(asked.length, 3);
  });

  it("caches by registry or globally for the response's cacheDuration", async () => {
    const registry = setup({ cacheKeyType: 'Registry', cacheDuration: 5_000_000_000n });
    await registry.provider.provide(`${ECR}/app`);
    await registry.provider.provide(`${ECR}/other`);
    assert.equal(registry.asked.length, 1);
    registry.advance(6_000);
    await registry.provider.provide(`${ECR}/other`);
    assert.equal(registry.asked.length, 2);
    const global = setup({ cacheKeyType: 'Global' });
    await global.provider.provide(`${ECR}/app`);
    await global.provider.provide('127.0.0.1:5000/x');
    assert.equal(global.asked.length, 1);
  });

  it('does not cache a cacheDuration of 0, and refuses an unknown cacheKeyType', async () => {
    const none = setup({ cacheDuration: 0n });
    await none.provider.provide(`${ECR}/app`);
    await none.provider.provide(`${ECR}/app`);
    assert.equal(none.asked.length, 2);
    const bad = setup({ cacheKeyType: 'Node' });
    assert.deepEqual(await bad.provider.provide(`${ECR}/app`), []);
  });

  it("looks the image up in the providers' answers with kubelet's rules", async () => {
    const { provider } = setup({
      auth: [['*.dkr.ecr.*.amazonaws.com', { username: 'AWS', password: 'tok' }]],
    });
    assert.deepEqual(await pluginCredentials([provider], `${ECR}/app`), [
      { username: 'AWS', password: 'tok' },
    ]);
    const narrow = setup({ auth: [['other.io', { username: 'x', password: 'y' }]] });
    assert.deepEqual(await pluginCredentials([narrow.provider], `${ECR}/app`), []);
  });
});
