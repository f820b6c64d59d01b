/**
 * Test support: distinct valid key pairs (ECDSA, fast) and a pino logger
 * whose lines can be asserted without time, pid and hostname.
 */
import { pino, type Logger } from 'pino';
import { createTestCa, issueServingCert } from '../../infra/dev/pki.js';
import type { KeyPair } from '../../shared/tls/key-pair-source.js';

export async function testPairs(n: number): Promise<KeyPair[]> {
  const ca = await createTestCa();
  const pairs: KeyPair[] = [];
  for (let i = 0; i < n; i++) {
    const p = await issueServingCert(ca);
    pairs.push({ cert: p.certPem, key: p.keyPem });
  }
  return pairs;
}

export function captureLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const log = pino(
    { level: 'debug', base: undefined, timestamp: false },
    { write: (s: string) => void raw.push(s) },
  );
  return { log, lines: () => raw.map((s) => JSON.parse(s) as Record<string, unknown>) };
}

/** Resolves with the next pair a source reports. */
export const nextChange = (source: {
  onChange(cb: (p: KeyPair) => void): () => void;
}): Promise<KeyPair> =>
  new Promise((resolve) => {
    const off = source.onChange((p) => {
      off();
      resolve(p);
    });
  });

/**
 * Sources unref their timers and watchers so they never hold a process open;
 * a test waiting only on them needs something that does.
 */
export function keepAlive(): () => void {
  const timer = setInterval(() => undefined, 1000);
  return () => clearInterval(timer);
}
