/** kubelet's CredentialProviderConfig decoding and validation (plugin/config.go of v1.28.9). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCredentialProviderConfig } from './config.js';

const ecr = `apiVersion: kubelet.config.k8s.io/v1
kind: CredentialProviderConfig
providers:
- name: ecr-credential-provider
  matchImages: ["*.dkr.ecr.*.amazonaws.com", "*.dkr.ecr.*.amazonaws.com.cn"]
  defaultCacheDuration: "12h"
  apiVersion: credentialprovider.kubelet.k8s.io/v1
  args: ["get-credentials"]
  env: [{name: AWS_PROFILE, value: default}]
`;

const withProvider = (fields: string) =>
  `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: CredentialProviderConfig\nproviders:\n- ${fields}\n`;
const fails = (text: string) => {
  try {
    parseCredentialProviderConfig(text);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('CredentialProviderConfig', () => {
  it('reads the chart example of v1', () =>
    assert.deepEqual(parseCredentialProviderConfig(ecr), [
      {
        name: 'ecr-credential-provider',
        matchImages: ['*.dkr.ecr.*.amazonaws.com', '*.dkr.ecr.*.amazonaws.com.cn'],
        defaultCacheDuration: 43_200_000_000_000n,
        apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
        args: ['get-credentials'],
        env: [{ name: 'AWS_PROFILE', value: 'default' }],
      },
    ]));

  it('reads v1alpha1 and v1beta1 too', () => {
    for (const v of ['v1alpha1', 'v1beta1'])
      assert.equal(
        parseCredentialProviderConfig(
          ecr.replace('kubelet.config.k8s.io/v1', `kubelet.config.k8s.io/${v}`),
        ).length,
        1,
      );
  });

  const refusals: [string, string, string][] = [
    [
      'a wrong kind',
      ecr.replace('kind: CredentialProviderConfig', 'kind: KubeletConfiguration'),
      'failed to decode "KubeletConfiguration" (wrong Kind)',
    ],
    [
      'a wrong group',
      ecr.replace('kubelet.config.k8s.io/v1', 'other.io/v1'),
      'failed to decode CredentialProviderConfig, unexpected Group: other.io',
    ],
    [
      'no providers',
      'apiVersion: kubelet.config.k8s.io/v1\nkind: CredentialProviderConfig\nproviders: []\n',
      'failed to validate credential provider config: providers: Required value: at least 1 item in plugins is required',
    ],
    [
      'a name with a slash',
      withProvider(
        '{name: a/b, matchImages: [x.io], defaultCacheDuration: 1m, apiVersion: credentialprovider.kubelet.k8s.io/v1}',
      ),
      `failed to validate credential provider config: providers.name: Invalid value: "a/b": provider name cannot contain '/'`,
    ],
    [
      'the name ..',
      withProvider(
        '{name: "..", matchImages: [x.io], defaultCacheDuration: 1m, apiVersion: credentialprovider.kubelet.k8s.io/v1}',
      ),
      `failed to validate credential provider config: providers.name: Invalid value: "..": provider name cannot be '..'`,
    ],
    [
      'no matchImages, no apiVersion, a negative duration',
      withProvider('{name: p, matchImages: [], defaultCacheDuration: -1s}'),
      'failed to validate credential provider config: [providers.apiVersion: Required value: apiVersion is required, ' +
        'providers.matchImages: Required value: at least 1 item in matchImages is required, ' +
        'providers.defaultCacheDuration: Invalid value: -1s: defaultCacheDuration must be greater than or equal to 0]',
    ],
    [
      'an unknown plugin apiVersion',
      withProvider(
        '{name: p, matchImages: [x.io], defaultCacheDuration: 0s, apiVersion: credentialprovider.kubelet.k8s.io/v2}',
      ),
      'failed to validate credential provider config: providers.apiVersion: Unsupported value: "credentialprovider.kubelet.k8s.io/v2": ' +
        'supported values: "credentialprovider.kubelet.k8s.io/v1", "credentialprovider.kubelet.k8s.io/v1alpha1", "credentialprovider.kubelet.k8s.io/v1beta1"',
    ],
    [
      'no defaultCacheDuration',
      withProvider(
        '{name: p, matchImages: [x.io], apiVersion: credentialprovider.kubelet.k8s.io/v1}',
      ),
      'failed to validate credential provider config: providers.defaultCacheDuration: Required value: defaultCacheDuration is required',
    ],
  ];
  for (const [what, text, message] of refusals)
    it(`refuses ${what}`, () => assert.equal(fails(text), message));
});
