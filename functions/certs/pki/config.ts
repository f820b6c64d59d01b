/**
 * The certificate settings of the kruise manager's environment (SPEC.md §8.1),
 * read from an env record handed in, so callers decide where env comes from.
 */
import { goQuote } from '../../../shared/go/quote.js';
import { goAtoi } from '../../../shared/go/strconv.js';

const HOUR_MS = 60 * 60 * 1000;
/** OpenKruise's default: six 30-day months. */
export const DEFAULT_RENEW_BEFORE_MS = 6 * 30 * 24 * HOUR_MS;

export interface CertsConfig {
  /** POD_NAMESPACE: where the Secret and the Service live. */
  readonly namespace: string;
  /** SECRET_NAME */
  readonly secretName: string;
  /** SERVICE_NAME */
  readonly serviceName: string;
  /** WEBHOOK_HOST, '' when unset. */
  readonly host: string;
  /** The name the serving certificate is for: WEBHOOK_HOST or `<service>.<namespace>.svc`. */
  readonly dnsName: string;
  /** CERTS_RENEW_BEFORE, in milliseconds, after OpenKruise's parsing quirk. */
  readonly renewBeforeMs: number;
  /** Why CERTS_RENEW_BEFORE was not taken as given, for a log line; undefined when it was. */
  readonly renewBeforeProblem?: string;
}

export interface RenewBefore {
  readonly ms: number;
  readonly problem?: string;
}

const UNIT_HOURS: Readonly<Record<string, number>> = { d: 7, m: 30, y: 365 };

/**
 * Parses CERTS_RENEW_BEFORE as kruise webhook/util/util.go does, quirk
 * included: `<n>d` is n×7 hours, `<n>m` n×30 hours, `<n>y` n×365 hours. A
 * number that strconv.Atoi refuses, an unknown suffix or a result ≤ 0 (int64
 * nanoseconds, which wrap) falls back to 180 days.
 */
export function parseRenewBefore(value: string | undefined): RenewBefore {
  if (value === undefined || value === '') return { ms: DEFAULT_RENEW_BEFORE_MS };
  const digits = value.slice(0, -1);
  const suffix = value.slice(-1);
  const parsed = goAtoi(digits);
  if ('error' in parsed) {
    return { ms: DEFAULT_RENEW_BEFORE_MS, problem: `cannot parse ${goQuote(digits)}` };
  }
  const hours = Object.hasOwn(UNIT_HOURS, suffix) ? UNIT_HOURS[suffix] : undefined;
  if (hours === undefined) {
    return { ms: DEFAULT_RENEW_BEFORE_MS, problem: `unknown date suffix ${goQuote(suffix)}` };
  }
  // time.Duration(t) * hours * time.Hour: int64 nanoseconds, wrapping on overflow as in Go.
  const ns = BigInt.asIntN(64, parsed.value * BigInt(hours) * 3_600_000_000_000n);
  if (ns <= 0n) {
    return {
      ms: DEFAULT_RENEW_BEFORE_MS,
      problem: 'renewBefore time can not be less or equal than 0',
    };
  }
  const ms = Number(ns / 1_000_000n);
  return { ms };
}

const orDefault = (value: string | undefined, fallback: string): string =>
  value === undefined || value === '' ? fallback : value;

export function certsConfigFrom(env: Readonly<Record<string, string | undefined>>): CertsConfig {
  const namespace = orDefault(env['POD_NAMESPACE'], 'kruise-system');
  const serviceName = orDefault(env['SERVICE_NAME'], 'kruise-webhook-service');
  const host = env['WEBHOOK_HOST'] ?? '';
  const renew = parseRenewBefore(env['CERTS_RENEW_BEFORE']);
  return {
    namespace,
    secretName: orDefault(env['SECRET_NAME'], 'kruise-webhook-certs'),
    serviceName,
    host,
    dnsName: host !== '' ? host : `${serviceName}.${namespace}.svc`,
    renewBeforeMs: renew.ms,
    ...(renew.problem !== undefined && { renewBeforeProblem: renew.problem }),
  };
}
