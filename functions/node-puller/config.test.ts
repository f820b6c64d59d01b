import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePullerConfig } from './config.js';

describe('node puller settings', () => {
  it('has documented defaults', () =>
    assert.deepEqual(parsePullerConfig([], { NODE_NAME: 'n1' }), {
      nodeName: 'n1',
      varRunDir: '/hostvarrun',
      maxConcurrentPulls: 3,
      healthzPort: 10221,
      pluginConfigFile: '/kruise/CredentialProviderPlugin.yaml',
      pluginBinDir: '/kruise/plugins',
    }));

  it('takes flags over the environment', () =>
    assert.deepEqual(
      parsePullerConfig(
        [
          '--node-name=n2',
          '--socket-file',
          'containerd.sock',
          '--max-concurrent-pulls=0',
          '--healthz-port=0',
        ],
        {
          NODE_NAME: 'n1',
          MAX_CONCURRENT_PULLS: '7',
        },
      ),
      {
        nodeName: 'n2',
        socketFile: 'containerd.sock',
        varRunDir: '/hostvarrun',
        maxConcurrentPulls: 0,
        healthzPort: 0,
        pluginConfigFile: '/kruise/CredentialProviderPlugin.yaml',
        pluginBinDir: '/kruise/plugins',
      },
    ));

  it('refuses a missing node name and a bad number', () => {
    assert.throws(() => parsePullerConfig([], {}), {
      message: '--node-name or NODE_NAME is required',
    });
    assert.throws(() => parsePullerConfig([], { NODE_NAME: 'n', MAX_CONCURRENT_PULLS: '-1' }), {
      message: 'max-concurrent-pulls: "-1" is not a non-negative integer',
    });
  });
});
