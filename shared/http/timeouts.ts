/**
 * The connection timeouts of every function's Node server (serve.ts), set so
 * that the client, never the server, closes an idle connection.
 *
 * The kube-apiserver's webhook and audit clients keep idle connections for
 * up to 90 s (client-go's transports take `IdleConnTimeout` from Go's
 * `http.DefaultTransport`, 90 s: apimachinery `pkg/util/net/http.go`
 * SetOldTransportDefaults, net/http `transport.go`). A POST it sends on a
 * connection we close under it fails (`connection reset by peer`; Go does
 * not retry a POST), and `failurePolicy: Fail` turns that into a refused
 * create (issue 13: Node's default keepAliveTimeout is 5 s). Two kinds of
 * idle connection are at stake, so both clocks must outlast the 90 s:
 *
 * - one that has answered a request waits for the next under
 *   `keepAliveTimeout`;
 * - one the client opened but has not used yet (Go dials a spare when all are
 *   busy and pools it unused if another frees first) is held to
 *   `headersTimeout` from the moment it was accepted: Node then answers 408
 *   and closes it (`node_http_parser.cc` ConnectionsList::PushActive at
 *   Initialize, the anti-slowloris rule), and Go never retries a request on a
 *   connection it has not used before.
 *
 * Node refuses `headersTimeout > requestTimeout`, and its `requestTimeout`
 * counts from the same moment, so Node's own request timeout is off and the
 * webhooks' 30 s deadline on a request's body is kept here instead, from the
 * time its headers arrived (`withRequestDeadline`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Idle time allowed between requests on a connection: longer than the apiserver's 90 s. */
export const KEEP_ALIVE_TIMEOUT_MS = 120_000;
/** Time allowed from accepting a connection (or a request's first byte) to its complete headers. */
export const HEADERS_TIMEOUT_MS = 125_000;

export const CONNECTION_TIMEOUTS = {
  keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  headersTimeout: HEADERS_TIMEOUT_MS,
  requestTimeout: 0,
  // How often Node looks for connections past headersTimeout (30 s by default).
  connectionsCheckingInterval: 1_000,
} as const;

/** What Node writes when its own request timeout fires (`_http_server.js`). */
const REQUEST_TIMEOUT_RESPONSE = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * `listener`, with a request whose body has not all arrived `timeoutMs`
 * after its headers answered 408 and its connection closed, as Node's own
 * requestTimeout does (the handler waiting for the body sees it aborted).
 */
export function withRequestDeadline(listener: Listener, timeoutMs: number): Listener {
  return (req, res) => {
    if (!req.complete) {
      const timer = setTimeout(() => {
        if (req.complete) return;
        const socket = req.socket;
        if (socket.writable && !res.headersSent) socket.write(REQUEST_TIMEOUT_RESPONSE);
        socket.destroy();
      }, timeoutMs);
      timer.unref();
      const clear = () => {
        if (req.complete) clearTimeout(timer);
      };
      req.once('end', clear);
      res.once('close', clear);
    }
    listener(req, res);
  };
}
