import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageHost, parseEcrRegistry } from './ecr-host.js';

// Rows follow the upstream plugin's own cases (main_test.go of
// cloud-provider-aws v1.34.4: partitions, fips, dkr-ecr, non-ECR hosts).
const regions = [
  { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1', region: 'us-east-1' },
  { image: '123456789012.dkr.ecr.us-west-2.amazonaws.com', region: 'us-west-2' },
  { image: '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app', region: 'cn-north-1' },
  { image: '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app', region: 'us-gov-west-1' },
  { image: '123456789012.dkr-ecr.eu-west-1.on.aws/app', region: 'eu-west-1' },
  { image: '123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn/a', region: 'cn-north-1' },
  { image: '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu/app', region: 'eusc-de-east-1' },
  { image: '123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov/app', region: 'us-iso-east-1' },
  { image: '123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov/app', region: 'us-isob-east-1' },
  { image: '123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk/app', region: 'eu-isoe-west-1' },
  { image: '123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov/a', region: 'us-isof-south-1' },
  { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com:443/app', region: 'us-east-1' },
  { image: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com/app', region: 'us-east-1' },
  { image: '123456789012.dkr-ecr-fips.us-west-2.on.aws/app', region: 'us-west-2' },
  { image: '12345678901.dkr.ecr.us-east-1.amazonaws.com/app', region: undefined },
  { image: '12345678901A.dkr.ecr.lala-land-1.amazonaws.com/app', region: undefined },
  { image: '123456789012.dkr.ecr.lala-land-1!.amazonaws.com/app', region: undefined },
  { image: '123456789012.dkr.ecr.#lala-land-1.amazonaws.com/app', region: undefined },
  { image: '123456789012.dkr.ecr.lala-land-1.amazonaws.hacker.com/app', region: undefined },
  { image: '123456789012.dkr.ecr.lala-land-1.amazonaws.lol/app', region: undefined },
  { image: '123456789012.dkr.cat.lala-land-1.amazonaws.com/app', region: undefined },
  { image: '1234567890123.dkr.ecr.us-east-1.amazonaws.com/app', region: undefined },
  { image: '123456789012.dkr.ecr.us-east-1.amazonaws.org/app', region: undefined },
  { image: '123456789012.dkr.ecr.us-east-1.example.com/app', region: undefined },
  { image: 'public.ecr.aws/nginx/nginx', region: undefined },
  { image: 'registry.io/team/app', region: undefined },
];

describe('parseEcrRegistry region, as the upstream plugin parses the host', () => {
  for (const { image, region } of regions) {
    it(`${image} → ${region ?? 'no region (SDK default)'}`, () => {
      assert.equal(parseEcrRegistry(image).region, region);
    });
  }

  it('keeps the account and the host without its port', () => {
    assert.deepEqual(parseEcrRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com:443/app'), {
      host: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      account: '123456789012',
      region: 'us-east-1',
    });
  });

  it('refuses an image without a host', () => {
    assert.throws(() => parseEcrRegistry(''), {
      name: 'BadRequestError',
      message: 'image "" names no registry host',
    });
  });
});

describe('imageHost', () => {
  const rows = [
    ['registry.io:5000/app', 'registry.io'],
    ['[::1]:5000/app', '::1'],
    ['user@registry.io/app', 'registry.io'],
    ['registry.io', 'registry.io'],
    ['http://registry.io/app?x', 'registry.io'],
  ] as const;
  for (const [image, host] of rows) {
    it(`${image} → ${host}`, () => assert.equal(imageHost(image), host));
  }
});
