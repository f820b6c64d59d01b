/**
 * Serving key pair from files, reloaded without a restart: the files are
 * polled (Kubernetes updates a mounted Secret by swapping a symlink, which
 * inotify on the file path misses) and each change installs a new secure
 * context. Only new TLS handshakes use it; connections already open, and so
 * requests in flight, keep theirs.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Server as HttpsServer } from 'node:https';
import type { Logger } from 'pino';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface KeyPair {
  readonly cert: Buffer;
  readonly key: Buffer;
}

export const readKeyPair = async (files: TlsFiles): Promise<KeyPair> => {
  const [cert, key] = await Promise.all([readFile(files.certFile), readFile(files.keyFile)]);
  return { cert, key };
};

const stampOf = async (files: TlsFiles): Promise<string> => {
  const stats = await Promise.all([stat(files.certFile), stat(files.keyFile)]);
  return stats.map((s) => `${s.ino}:${s.size}:${s.mtimeMs}`).join('|');
};

export interface TlsReloader {
  /** Re-reads the files now if they changed; true when a new pair was installed. */
  check(): Promise<boolean>;
  stop(): void;
}

/** Polls the files every `intervalMs` and installs changed pairs on `server`. */
export async function watchKeyPair(
  server: HttpsServer,
  files: TlsFiles,
  log: Logger,
  intervalMs = 1000,
): Promise<TlsReloader> {
  let stamp = await stampOf(files);
  let running: Promise<boolean> | undefined;
  const reload = async (): Promise<boolean> => {
    try {
      const next = await stampOf(files);
      if (next === stamp) return false;
      stamp = next;
      server.setSecureContext(await readKeyPair(files));
      log.info(
        { certFile: files.certFile, keyFile: files.keyFile },
        'Reloaded serving certificate',
      );
      return true;
    } catch (err) {
      // A half-written pair (new cert, old key) fails here; the next write reloads again.
      log.warn({ err, certFile: files.certFile }, 'Could not reload serving certificate');
      return false;
    }
  };
  const check = (): Promise<boolean> => {
    running ??= reload().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
