/**
 * Key pair from a Secret read through the API (TLS_SECRET=<ns>/<name>),
 * polled every few seconds; only a new resourceVersion is looked at. Both
 * OpenKruise's self-signed Secret and cert-manager's use `tls.crt`/`tls.key`;
 * `cert.pem`/`key.pem` are the fallback.
 */
import type { Logger } from 'pino';
import { withAction } from '../kube/api-error.js';
import type { KubeClient } from '../kube/client.js';
import { secrets } from '../kube/core-resources.js';
import {
  type KeyPair,
  KeyPairError,
  type KeyPairSource,
  keyPairHolder,
} from './key-pair-source.js';

export interface SecretSnapshot {
  readonly resourceVersion: string;
  /** base64 values, as the API returns them. */
  readonly data: Readonly<Record<string, string>>;
}

/** Reads the Secret; undefined when it does not exist. */
export type SecretReader = () => Promise<SecretSnapshot | undefined>;

export interface SecretSourceOptions {
  /** `<namespace>/<name>`, for messages. */
  readonly secret: string;
  /** Poll interval; default 3 s. */
  readonly pollMs?: number;
}

export function kubeSecretReader(
  client: KubeClient,
  namespace: string,
  name: string,
): SecretReader {
  return async () => {
    try {
      const s = await client.find(secrets, { namespace, name });
      return s === undefined
        ? undefined
        : { resourceVersion: s.metadata?.resourceVersion ?? '', data: s.data ?? {} };
    } catch (err) {
      // The Status message, never the body: the apiserver echoes no Secret data in it.
      throw new KeyPairError(withAction(`read secret ${namespace}/${name}`, err).message);
    }
  };
}

const text = (data: Readonly<Record<string, string>>, ...keys: string[]): string => {
  const key = keys.find((k) => (data[k] ?? '') !== '');
  return key === undefined ? '' : Buffer.from(data[key] ?? '', 'base64').toString('utf8');
};

export const keyPairOf = (data: Readonly<Record<string, string>>): KeyPair => ({
  cert: text(data, 'tls.crt', 'cert.pem'),
  key: text(data, 'tls.key', 'key.pem'),
});

export async function openSecretKeyPairSource(
  read: SecretReader,
  opts: SecretSourceOptions,
  log: Logger,
): Promise<KeyPairSource> {
  const origin = `secret ${opts.secret}`;
  const first = await read();
  if (first === undefined) throw new KeyPairError(`${origin}: not found`);
  const holder = keyPairHolder(keyPairOf(first.data), origin, log);
  let seen = first.resourceVersion;
  let closed = false;
  let polling = false;

  const poll = async (): Promise<void> => {
    if (closed || polling) return;
    polling = true;
    try {
      const s = await read();
      if (s === undefined) {
        log.warn({ origin }, 'TLS key pair Secret is gone, keeping the current pair');
      } else if (s.resourceVersion !== seen) {
        seen = s.resourceVersion;
        holder.offer(keyPairOf(s.data));
      }
    } catch (err) {
      log.warn({ origin, err }, 'Cannot read the TLS key pair Secret, keeping the current pair');
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), opts.pollMs ?? 3000);
  timer.unref();
  return {
    ...holder.source,
    close() {
      closed = true;
      clearInterval(timer);
    },
  };
}
