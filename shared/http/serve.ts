/**
 * Starts a Hono app as a Node server, the way every function's Knative entry
 * runs: port from `PORT` (Knative sets it; 8080 otherwise, Knative's own
 * default), HTTPS with a key pair from shared/tls (TLS_CERT_FILE and
 * TLS_KEY_FILE, or TLS_SECRET; reloaded when it changes), plain HTTP when
 * none of them is set. On SIGTERM/SIGINT
 * it stops accepting connections, lets requests in flight finish and exits 0.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Logger } from 'pino';
import { openKeyPairSourceFromEnv } from '../tls/from-env.js';
import type { KeyPairSource } from '../tls/key-pair-source.js';
import { CONNECTION_TIMEOUTS, withRequestDeadline } from './timeouts.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export { HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS } from './timeouts.js';

type Env = Readonly<Record<string, string | undefined>>;
type Fetch = (request: Request) => Response | Promise<Response>;

export interface ServeOptions {
  readonly fetch: Fetch;
  readonly log: Logger;
  readonly env?: Env;
  /** Interface to bind; all interfaces when absent. */
  readonly hostname?: string;
  /** How often the key-pair source polls for changes (shared/tls default otherwise). */
  readonly tlsPollMs?: number;
  /**
   * Serve HTTPS with this key pair, installing each new pair it reports;
   * default: the source the TLS_* variables name, if any.
   */
  readonly keyPairSource?: KeyPairSource;
  /** Signals that shut the server down; none in tests. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Called once the server has drained after a signal; exits the process by default. */
  readonly onDrained?: () => void;
  /** Connections still open this long after a signal are cut. */
  readonly drainTimeoutMs?: number;
  /**
   * A request whose body has not all arrived this long after its headers
   * did is answered 408 and its connection closed; default 30 s, the
   * webhooks' `timeoutSeconds` (the apiserver has given up by then).
   * Headers themselves are bounded by HEADERS_TIMEOUT_MS (timeouts.ts).
   */
  readonly requestTimeoutMs?: number;
}

export interface RunningServer {
  readonly port: number;
  readonly tls: boolean;
  readonly server: HttpServer | HttpsServer;
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

const TLS_VARIABLES = ['TLS_CERT_FILE', 'TLS_KEY_FILE', 'TLS_SECRET'] as const;

/** Whether the environment asks for HTTPS (any TLS_* variable set). */
export const wantsTls = (env: Env): boolean =>
  TLS_VARIABLES.some((name) => (env[name] ?? '') !== '');

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
  const pollMs = options.tlsPollMs === undefined ? {} : { pollMs: options.tlsPollMs };
  // A source we open here is ours to close; a source handed in is the caller's.
  const owned =
    options.keyPairSource === undefined && wantsTls(env)
      ? await openKeyPairSourceFromEnv(env, log, pollMs)
      : undefined;
  const source = options.keyPairSource ?? owned;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const listener = withRequestDeadline(
    getRequestListener((request) => options.fetch(request)),
    requestTimeout,
  );
  let server: HttpServer | HttpsServer;
  let unsubscribe: (() => void) | undefined;
  if (source) {
    const secure = createHttpsServer({ ...source.current(), ...CONNECTION_TIMEOUTS }, listener);
    unsubscribe = source.onChange((pair) => secure.setSecureContext(pair));
    server = secure;
  } else {
    server = createHttpServer(CONNECTION_TIMEOUTS, listener);
  }
  // Connections accepted but not yet used: Node counts them as busy (timeouts.ts), so
  // closeIdleConnections leaves them, and they would hold close() open until the cut.
  const unused = new Set<Socket>();
  server.on(source ? 'secureConnection' : 'connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (req: IncomingMessage) => unused.delete(req.socket));
  const bound = await listen(server, port, options.hostname);
  const tls = source !== undefined;
  log.info({ port: bound, tls }, 'Serving');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      unsubscribe?.();
      owned?.close();
      const cut = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 25_000);
      cut.unref();
      server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      // Keep-alive connections with no request in flight would hold close() open.
      server.closeIdleConnections();
      for (const socket of unused) socket.destroy();
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
    close,
  };
}
