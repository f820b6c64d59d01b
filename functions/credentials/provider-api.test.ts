import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProviderRequest, toProviderResponse } from './provider-api.js';

const request = (fields: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
    kind: 'CredentialProviderRequest',
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1',
    ...fields,
  });

describe('parseProviderRequest', () => {
  for (const version of ['v1', 'v1beta1', 'v1alpha1']) {
    it(`reads ${version}`, () => {
      const apiVersion = `credentialprovider.kubelet.k8s.io/${version}`;
      assert.deepEqual(parseProviderRequest(request({ apiVersion })), {
        apiVersion,
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1',
      });
    });
  }

  const bad = [
    { name: 'not JSON', text: '{', message: 'Malformed JSON in CredentialProviderRequest' },
    { name: 'an array', text: '[]', message: 'CredentialProviderRequest is not an object' },
    {
      name: 'another group',
      text: request({ apiVersion: 'kubelet.config.k8s.io/v1' }),
      message:
        'group version "kubelet.config.k8s.io/v1" is not supported: one of credentialprovider.kubelet.k8s.io/v1, credentialprovider.kubelet.k8s.io/v1beta1, credentialprovider.kubelet.k8s.io/v1alpha1',
    },
    {
      name: 'another kind',
      text: request({ kind: 'CredentialProviderResponse' }),
      message: 'kind was "CredentialProviderResponse", expected CredentialProviderRequest',
    },
    {
      name: 'no image',
      text: request({ image: '' }),
      message: 'image in plugin request was empty',
    },
  ];
  for (const c of bad) {
    it(`refuses ${c.name}`, () => {
      assert.throws(() => parseProviderRequest(c.text), {
        name: 'BadRequestError',
        message: c.message,
      });
    });
  }
});

describe('toProviderResponse', () => {
  it('answers in the request apiVersion, keyed by registry, cacheDuration as Go prints it', () => {
    const req = { apiVersion: 'credentialprovider.kubelet.k8s.io/v1beta1', image: 'r/app' };
    assert.deepEqual(
      toProviderResponse(req, 'r', { username: 'AWS', password: 'p' }, 11 * 3_600_000 + 45_999),
      {
        kind: 'CredentialProviderResponse',
        apiVersion: 'credentialprovider.kubelet.k8s.io/v1beta1',
        cacheKeyType: 'Registry',
        cacheDuration: '11h0m45s',
        auth: { r: { username: 'AWS', password: 'p' } },
      },
    );
  });

  it('writes 0s when the token is not to be cached', () => {
    const req = { apiVersion: 'credentialprovider.kubelet.k8s.io/v1', image: 'r/app' };
    assert.equal(
      toProviderResponse(req, 'r', { username: 'u', password: 'p' }, -5).cacheDuration,
      '0s',
    );
  });
});
