/**
 * JSON GETs against the API server over one kept-alive connection pool, for
 * the hot list of the admission cache. client-node builds a new agent (a new
 * TLS handshake) for every call; with a list every few hundred ms that is
 * most of its cost. Authentication still comes from the KubeConfig on each
 * call (tokens of exec plugins may rotate); only the TLS agent is kept.
 * Failures are client-node's ApiException, so api-error.ts reads them alike.
 */
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent, type RequestOptions } from 'node:https';
import { ApiException, type KubeConfig } from '@kubernetes/client-node';

/** A read that hangs is abandoned; the cache then starts a new one. */
const TIMEOUT_MS = 10_000;

/** GET `path`; `accept` picks the representation (default plain JSON). */
export type JsonGet = (path: string, accept?: string) => Promise<unknown>;

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

const headersOf = (res: IncomingMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
  );

/** GET `path` (with query) from the current cluster of `kc` and parse the JSON answer. */
export function jsonGetter(kc: KubeConfig): JsonGet {
  let agent: HttpAgent | undefined;
  const agentFor = (opts: RequestOptions, plain: boolean): HttpAgent =>
    (agent ??= plain
      ? new HttpAgent({ keepAlive: true })
      : new HttpsAgent({
          keepAlive: true,
          ca: opts.ca,
          cert: opts.cert,
          key: opts.key,
          pfx: opts.pfx,
          passphrase: opts.passphrase,
          ...(opts.rejectUnauthorized !== undefined && {
            rejectUnauthorized: opts.rejectUnauthorized,
          }),
          ...(opts.servername !== undefined && { servername: opts.servername }),
        }));

  return async (path, accept = 'application/json') => {
    const cluster = kc.getCurrentCluster();
    if (cluster === null) throw new Error('no current cluster in the kubeconfig');
    const opts: RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const url = new URL(cluster.server.replace(/\/+$/, '') + path);
    const plain = url.protocol === 'http:';
    // A proxy needs client-node's own agent; otherwise keep our pool.
    if (!cluster.proxyUrl) opts.agent = agentFor(opts, plain);
    const send = plain ? httpRequest : httpsRequest;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, {
        ...opts,
        method: 'GET',
        headers: { ...opts.headers, Accept: accept },
        timeout: TIMEOUT_MS,
      });
      req.on('response', resolve);
      req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end();
    });
    const body = await readBody(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      throw new ApiException(status, `HTTP ${status}`, body, headersOf(res));
    }
    return JSON.parse(body) as unknown;
  };
}
