/**
 * Key pair from files (TLS_CERT_FILE, TLS_KEY_FILE), e.g. a mounted Secret.
 * Kubernetes swaps a mounted Secret by replacing the `..data` symlink, so the
 * folders are watched, not the files; a poll backs the watch up because
 * fs.watch can miss events.
 */
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import {
  type KeyPair,
  KeyPairError,
  type KeyPairSource,
  keyPairHolder,
} from './key-pair-source.js';

export interface FileSourceOptions {
  readonly certFile: string;
  readonly keyFile: string;
  /** Poll interval; default 5 s. */
  readonly pollMs?: number;
}

const DEBOUNCE_MS = 50;

async function readPair(certFile: string, keyFile: string): Promise<KeyPair> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { cert, key };
}

export async function openFileKeyPairSource(
  opts: FileSourceOptions,
  log: Logger,
): Promise<KeyPairSource> {
  const origin = `files ${opts.certFile}, ${opts.keyFile}`;
  const initial = await readPair(opts.certFile, opts.keyFile).catch((err: unknown) => {
    throw new KeyPairError(`${origin}: cannot read`, { cause: err });
  });
  const holder = keyPairHolder(initial, origin, log);

  let closed = false;
  let pending: NodeJS.Timeout | undefined;
  const reload = (): void => {
    if (closed) return;
    readPair(opts.certFile, opts.keyFile).then(
      (pair) => void holder.offer(pair),
      // Mid-swap a file can be briefly absent; the next event or poll reads it again.
      (err: unknown) => log.debug({ origin, err }, 'TLS key pair files not readable yet'),
    );
  };
  const soon = (): void => {
    clearTimeout(pending);
    pending = setTimeout(reload, DEBOUNCE_MS);
    pending.unref();
  };

  const dirs = [...new Set([dirname(opts.certFile), dirname(opts.keyFile)])];
  const watchers: FSWatcher[] = dirs.map((dir) => {
    const w = watch(dir, { persistent: false }, soon);
    w.on('error', (err) => log.warn({ origin, err }, 'Cannot watch TLS key pair folder'));
    return w;
  });
  const poll = setInterval(reload, opts.pollMs ?? 5000);
  poll.unref();

  return {
    ...holder.source,
    close() {
      closed = true;
      clearTimeout(pending);
      clearInterval(poll);
      for (const w of watchers) w.close();
    },
  };
}
