import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openKeyPairSourceFromEnv } from '../../../shared/tls/from-env.js';
import { KeyPairError } from '../../../shared/tls/key-pair-source.js';
import { captureLog } from '../../support/key-pairs.js';

describe('openKeyPairSourceFromEnv', () => {
  const cases = [
    {
      name: 'needs files or a Secret',
      env: {},
      want: 'set TLS_CERT_FILE and TLS_KEY_FILE, or TLS_SECRET=<namespace>/<name>',
    },
    {
      name: 'needs both files',
      env: { TLS_CERT_FILE: '/x/tls.crt' },
      want: 'set TLS_CERT_FILE and TLS_KEY_FILE, or TLS_SECRET=<namespace>/<name>',
    },
    {
      name: 'names a malformed TLS_SECRET',
      env: { TLS_SECRET: 'just-a-name' },
      want: 'TLS_SECRET: "just-a-name" is not <namespace>/<name>',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { log } = captureLog();
      await assert.rejects(openKeyPairSourceFromEnv(c.env, log), new KeyPairError(c.want));
    });
  }
});
