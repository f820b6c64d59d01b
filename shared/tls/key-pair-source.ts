/**
 * Where the admission server's TLS key pair comes from. A source always has
 * a usable pair (it refuses to open without one) and only ever swaps in a
 * new pair whose key matches its certificate, so a half-written rotation is
 * never served; the server applies it with setSecureContext, which leaves
 * in-flight connections on the old context.
 */
import type { Logger } from 'pino';
import { checkKeyPair } from '../../functions/certs/pki/validate.js';
import { KruiseFnError } from '../errors.js';

export interface KeyPair {
  /** PEM: the serving certificate (chain). */
  readonly cert: string;
  /** PEM: its private key. */
  readonly key: string;
}

export interface KeyPairSource {
  current(): KeyPair;
  /** Called with each new pair; returns a function that unsubscribes. */
  onChange(cb: (pair: KeyPair) => void): () => void;
  /** Stops watching or polling. */
  close(): void;
}

/** No usable key pair where the configuration says to look. */
export class KeyPairError extends KruiseFnError {}

/** The state every source shares: the pair, listeners, and the swap rule. */
export interface KeyPairHolder {
  readonly source: Omit<KeyPairSource, 'close'>;
  /** Offers a pair read from the origin; returns true if it was new and became current. */
  offer(pair: KeyPair): boolean;
}

export function keyPairHolder(initial: KeyPair, origin: string, log: Logger): KeyPairHolder {
  const problem = checkKeyPair(initial.cert, initial.key);
  if (problem !== undefined) throw new KeyPairError(`${origin}: ${problem}`);
  let current = initial;
  let lastRejected: KeyPair | undefined;
  const listeners = new Set<(pair: KeyPair) => void>();
  return {
    source: {
      current: () => current,
      onChange(cb) {
        listeners.add(cb);
        return () => void listeners.delete(cb);
      },
    },
    offer(pair) {
      if (pair.cert === current.cert && pair.key === current.key) return false;
      const reason = checkKeyPair(pair.cert, pair.key);
      if (reason !== undefined) {
        // Log once per bad content; a rotation caught half-way is usually fixed by the next read.
        if (lastRejected?.cert !== pair.cert || lastRejected.key !== pair.key) {
          log.warn(
            { origin, reason },
            'Ignoring an unusable TLS key pair, keeping the current one',
          );
        }
        lastRejected = pair;
        return false;
      }
      current = pair;
      log.info({ origin }, 'Loaded a new TLS key pair');
      for (const cb of listeners) cb(pair);
      return true;
    },
  };
}
