/**
 * Test support for the certs function: certificates issued at a given time
 * (memoised: RSA key generation is slow) and a pino logger whose lines can
 * be asserted whole, without time, pid and hostname.
 */
import { pino, type Logger } from 'pino';
import { generateCa, generateServingCert } from './pki/generate.js';
import type { Certs, ObservedSecret } from './plan-secret.js';
import { secretData } from './plan-secret.js';

export const T0 = new Date('2026-01-01T00:00:00Z');
export const DNS_NAME = 'kruise-webhook-service.kruise-system.svc';
export const DAY_MS = 24 * 60 * 60 * 1000;

const issued = new Map<string, Promise<Certs>>();

/** A self-signed installation issued at `now` for `dnsName`, as OpenKruise would store it. */
export function installation(now: Date = T0, dnsName: string = DNS_NAME): Promise<Certs> {
  const key = `${now.toISOString()} ${dnsName}`;
  let certs = issued.get(key);
  if (certs === undefined) {
    certs = (async () => {
      const ca = await generateCa(now);
      const serving = await generateServingCert(ca, dnsName, now);
      return {
        caKeyPem: ca.keyPem,
        caCertPem: ca.certPem,
        keyPem: serving.keyPem,
        certPem: serving.certPem,
      };
    })();
    issued.set(key, certs);
  }
  return certs;
}

export const observedSecret = (
  data: Record<string, string>,
  resourceVersion = '100',
): ObservedSecret => ({ resourceVersion, data });

export const storedSecret = async (now: Date = T0): Promise<ObservedSecret> =>
  observedSecret(secretData(await installation(now)));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CapturedLog {
  readonly log: Logger;
  /** Lines written so far, parsed, without time/pid/hostname; a reconcileID reads `<uuid>`. */
  lines(): Record<string, unknown>[];
}

export function captureLog(): CapturedLog {
  const raw: string[] = [];
  const log = pino(
    { level: 'debug', base: undefined, timestamp: false },
    {
      write: (s: string) => void raw.push(s),
    },
  );
  const parse = (s: string): Record<string, unknown> => {
    const line = JSON.parse(s) as Record<string, unknown>;
    if (typeof line['reconcileID'] === 'string' && UUID.test(line['reconcileID'])) {
      line['reconcileID'] = '<uuid>';
    }
    return line;
  };
  return { log, lines: () => raw.map(parse) };
}
