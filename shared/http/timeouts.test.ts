import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONNECTION_TIMEOUTS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS } from './timeouts.js';

/**
 * Issue 13 class 5: the server never closes an idle connection before the
 * kube-apiserver would. Its webhook and audit transports idle a connection
 * for up to 90 s: Go 1.20 `net/http/transport.go` l. 51 (DefaultTransport
 * `IdleConnTimeout: 90 * time.Second`), taken over by apimachinery v0.28.9
 * `pkg/util/net/http.go` l. 123-124 (SetOldTransportDefaults).
 */
const APISERVER_IDLE_CONN_TIMEOUT_MS = 90_000;
/** Node's default keepAliveTimeout (`lib/_http_server.js`), which issue 13 saw reset connections. */
const NODE_DEFAULT_KEEP_ALIVE_MS = 5_000;

describe('server connection timeouts against the kube-apiserver’s idle connections', () => {
  const cases: readonly { name: string; holds: boolean }[] = [
    {
      name: 'a used connection outlasts net/http transport.go l. 51 (90 s idle)',
      holds: KEEP_ALIVE_TIMEOUT_MS > APISERVER_IDLE_CONN_TIMEOUT_MS,
    },
    {
      name: 'a dialled, not yet used connection outlasts it too (headersTimeout from accept)',
      holds: HEADERS_TIMEOUT_MS > APISERVER_IDLE_CONN_TIMEOUT_MS,
    },
    {
      name: 'Node accepts the pair: headersTimeout ≥ keepAliveTimeout, requestTimeout off (0)',
      holds:
        HEADERS_TIMEOUT_MS >= KEEP_ALIVE_TIMEOUT_MS && CONNECTION_TIMEOUTS.requestTimeout === 0,
    },
    {
      name: "not Node's default 5 s, which reset 2 of about 6,400 creates",
      holds: Number(CONNECTION_TIMEOUTS.keepAliveTimeout) !== NODE_DEFAULT_KEEP_ALIVE_MS,
    },
  ];
  for (const c of cases) it(c.name, () => assert.ok(c.holds));
});
