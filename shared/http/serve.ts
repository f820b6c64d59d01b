/**
 * Starts a Hono app as a Node server, the way every function's Knative entry
 * runs: port from `PORT` (Knative sets it; 8080 otherwise, Knative's own
 * default), HTTPS when `TLS_CERT_FILE` and `TLS_KEY_FILE` are both set
 * (reloaded when the files change), plain HTTP otherwise. On SIGTERM/SIGINT
 * it stops accepting connections, lets requests in flight finish and exits 0.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Logger } from 'pino';
import type { KeyPairSource } from '../tls/key-pair-source.js';
import { readKeyPair, type TlsFiles, type TlsReloader, watchKeyPair } from './tls-files.js';

export const DEFAULT_PORT = 8080;

type Env = Readonly<Record<string, string | undefined>>;
type Fetch = (request: Request) => Response | Promise<Response>;

export interface ServeOptions {
  readonly fetch: Fetch;
  readonly log: Logger;
  readonly env?: Env;
  /** Interface to bind; all interfaces when absent. */
  readonly hostname?: string;
  /** How often the TLS files are checked for changes. */
  readonly tlsPollMs?: number;
  /**
   * Serve HTTPS with this key pair (shared/tls: files or a Secret), installing
   * each new pair it reports; takes precedence over TLS_CERT_FILE/TLS_KEY_FILE.
   */
  readonly keyPairSource?: KeyPairSource;
  /** Signals that shut the server down; none in tests. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Called once the server has drained after a signal; exits the process by default. */
  readonly onDrained?: () => void;
  /** Connections still open this long after a signal are cut. */
  readonly drainTimeoutMs?: number;
}

export interface RunningServer {
  readonly port: number;
  readonly tls: boolean;
  readonly server: HttpServer | HttpsServer;
  /** Re-reads the TLS files now (no-op over HTTP); true when a new pair was installed. */
  reloadTls(): Promise<boolean>;
  /** Stops accepting, waits for requests in flight, then resolves. */
  close(): Promise<void>;
}

/** `PORT`: unset or empty means DEFAULT_PORT; otherwise a whole number 0-65535. */
export function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  const port = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new Error(`PORT: ${JSON.stringify(raw)} is not a port`);
  return port;
}

/** Both TLS variables, or neither: one alone is a configuration mistake. */
export function tlsFilesFrom(env: Env): TlsFiles | undefined {
  const certFile = env['TLS_CERT_FILE'] ?? '';
  const keyFile = env['TLS_KEY_FILE'] ?? '';
  if (certFile === '' && keyFile === '') return undefined;
  if (certFile === '' || keyFile === '') {
    throw new Error('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  }
  return { certFile, keyFile };
}

const listen = (
  server: HttpServer | HttpsServer,
  port: number,
  hostname?: string,
): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

export async function serveApp(options: ServeOptions): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const { log } = options;
  const port = parsePort(env['PORT']);
  const source = options.keyPairSource;
  const files = source === undefined ? tlsFilesFrom(env) : undefined;
  const listener = getRequestListener((request) => options.fetch(request));
  let server: HttpServer | HttpsServer;
  let reloader: TlsReloader | undefined;
  let unsubscribe: (() => void) | undefined;
  if (source) {
    const secure = createHttpsServer(source.current(), listener);
    unsubscribe = source.onChange((pair) => secure.setSecureContext(pair));
    server = secure;
  } else if (files) {
    const secure = createHttpsServer(await readKeyPair(files), listener);
    reloader = await watchKeyPair(secure, files, log, options.tlsPollMs);
    server = secure;
  } else {
    server = createHttpServer(listener);
  }
  const bound = await listen(server, port, options.hostname);
  const tls = files !== undefined || source !== undefined;
  log.info({ port: bound, tls }, 'Serving');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      reloader?.stop();
      unsubscribe?.();
      const cut = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 25_000);
      cut.unref();
      server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      // Keep-alive connections with no request in flight would hold close() open.
      server.closeIdleConnections();
    });
    return closing;
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      log.info({ signal }, 'Shutting down');
      void close().then(options.onDrained ?? (() => process.exit(0)));
    });
  }
  return {
    port: bound,
    tls,
    server,
    reloadTls: () => reloader?.check() ?? Promise.resolve(false),
    close,
  };
}
