import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RENEW_BEFORE_MS, certsConfigFrom, parseRenewBefore } from './config.js';

const HOUR_MS = 60 * 60 * 1000;

describe('parseRenewBefore (OpenKruise quirk: d=7h, m=30h, y=365h)', () => {
  const cases = [
    { name: 'unset means 180 days', value: undefined, want: { ms: DEFAULT_RENEW_BEFORE_MS } },
    { name: 'empty means 180 days', value: '', want: { ms: DEFAULT_RENEW_BEFORE_MS } },
    { name: '30d is 30×7 hours, not 30 days', value: '30d', want: { ms: 210 * HOUR_MS } },
    { name: '6m is 6×30 hours', value: '6m', want: { ms: 180 * HOUR_MS } },
    { name: '1y is 365 hours', value: '1y', want: { ms: 365 * HOUR_MS } },
    { name: 'a plus sign is accepted like strconv.Atoi', value: '+2d', want: { ms: 14 * HOUR_MS } },
    {
      name: 'an unknown suffix falls back',
      value: '5w',
      want: { ms: DEFAULT_RENEW_BEFORE_MS, problem: 'unknown date suffix "w"' },
    },
    {
      name: 'a non-number falls back',
      value: '1.5d',
      want: { ms: DEFAULT_RENEW_BEFORE_MS, problem: 'cannot parse "1.5"' },
    },
    {
      name: 'a number past int64 falls back, as strconv.Atoi refuses it',
      value: '9223372036854775808d',
      want: { ms: DEFAULT_RENEW_BEFORE_MS, problem: 'cannot parse "9223372036854775808"' },
    },
    {
      name: 'a bare suffix falls back',
      value: 'd',
      want: { ms: DEFAULT_RENEW_BEFORE_MS, problem: 'cannot parse ""' },
    },
    {
      name: 'zero falls back',
      value: '0y',
      want: {
        ms: DEFAULT_RENEW_BEFORE_MS,
        problem: 'renewBefore time can not be less or equal than 0',
      },
    },
    {
      name: 'a negative value falls back',
      value: '-3m',
      want: {
        ms: DEFAULT_RENEW_BEFORE_MS,
        problem: 'renewBefore time can not be less or equal than 0',
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(parseRenewBefore(c.value), c.want));
  }
});

describe('certsConfigFrom', () => {
  const cases = [
    {
      name: 'uses OpenKruise defaults',
      env: {},
      want: {
        namespace: 'kruise-system',
        secretName: 'kruise-webhook-certs',
        serviceName: 'kruise-webhook-service',
        host: '',
        dnsName: 'kruise-webhook-service.kruise-system.svc',
        renewBeforeMs: DEFAULT_RENEW_BEFORE_MS,
      },
    },
    {
      name: 'builds the DNS name from POD_NAMESPACE and SERVICE_NAME',
      env: {
        POD_NAMESPACE: 'kruise',
        SERVICE_NAME: 'hooks',
        SECRET_NAME: 'c',
        CERTS_RENEW_BEFORE: '1y',
      },
      want: {
        namespace: 'kruise',
        secretName: 'c',
        serviceName: 'hooks',
        host: '',
        dnsName: 'hooks.kruise.svc',
        renewBeforeMs: 365 * HOUR_MS,
      },
    },
    {
      name: 'WEBHOOK_HOST replaces the DNS name and a bad CERTS_RENEW_BEFORE is reported',
      env: { WEBHOOK_HOST: '127.0.0.1', CERTS_RENEW_BEFORE: 'soon' },
      want: {
        namespace: 'kruise-system',
        secretName: 'kruise-webhook-certs',
        serviceName: 'kruise-webhook-service',
        host: '127.0.0.1',
        dnsName: '127.0.0.1',
        renewBeforeMs: DEFAULT_RENEW_BEFORE_MS,
        renewBeforeProblem: 'cannot parse "soo"',
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(certsConfigFrom(c.env), c.want));
  }
});
