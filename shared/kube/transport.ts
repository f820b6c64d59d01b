/**
 * HTTP to the kube-apiserver over one kept-alive connection pool, under the
 * client-side rate limit. client-node builds a new agent (a new TLS
 * handshake) for every call, which dominates the cost of the frequent small
 * calls a webhook or reconcile makes; here only authentication comes from the
 * KubeConfig on each call (tokens of exec plugins and service accounts
 * rotate), and the TLS agent is kept. Non-2xx answers become the classified
 * errors of api-error.ts; no answer within the timeout is an error too.
 */
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KruiseFnError } from '../errors.js';
import { apiErrorOf, KubeApiError, noAnswerError } from './api-error.js';
import { tokenBucket, KRUISE_MANAGER_RATE, type RateLimiter } from './rate-limit.js';

/** A call that hangs is abandoned after this long (client-go sets none; a function must). */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/api/v1/namespaces/default/pods?limit=500`. */
  readonly path: string;
  readonly body?: string;
  /** Content-Type of `body`; default `application/json`. */
  readonly contentType?: string;
  /** Default `application/json`. */
  readonly accept?: string;
  readonly timeoutMs?: number;
}

/** Sends a request; resolves with the parsed JSON of a 2xx answer, else rejects with a KubeApiError. */
export type KubeTransport = (request: KubeRequest) => Promise<unknown>;

export interface TransportOptions {
  readonly rateLimiter?: RateLimiter;
  readonly timeoutMs?: number;
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function keptAliveAgent(opts: RequestOptions, plain: boolean): HttpAgent {
  if (plain) return new HttpAgent({ keepAlive: true });
  return new HttpsAgent({
    keepAlive: true,
    ca: opts.ca,
    cert: opts.cert,
    key: opts.key,
    pfx: opts.pfx,
    passphrase: opts.passphrase,
    ...(opts.rejectUnauthorized !== undefined && { rejectUnauthorized: opts.rejectUnauthorized }),
    ...(opts.servername !== undefined && { servername: opts.servername }),
  });
}

function send(url: URL, opts: RequestOptions, body: string | undefined, timeoutMs: number) {
  const plain = url.protocol === 'http:';
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = (plain ? httpRequest : httpsRequest)(url, { ...opts, timeout: timeoutMs });
    req.on('response', resolve);
    req.on('timeout', () =>
      req.destroy(new Error(`${opts.method} ${url.pathname}: no answer in ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

function parseAnswer(text: string, request: KubeRequest): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = `${request.method} ${request.path.split('?')[0]}: the answer is not JSON`;
    throw new KubeApiError(message, { status: 0 }, { cause: err });
  }
}

/** A transport to the current cluster of `kc`. */
export function kubeTransport(kc: KubeConfig, options: TransportOptions = {}): KubeTransport {
  const limiter = options.rateLimiter ?? tokenBucket(KRUISE_MANAGER_RATE);
  let agent: HttpAgent | undefined;
  return async (request) => {
    const cluster = kc.getCurrentCluster();
    if (cluster === null) throw new KruiseFnError('no current cluster in the kubeconfig');
    const opts: RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const url = new URL(cluster.server.replace(/\/+$/, '') + request.path);
    // A proxy needs client-node's own agent; otherwise keep our pool.
    if (!cluster.proxyUrl) opts.agent = agent ??= keptAliveAgent(opts, url.protocol === 'http:');
    opts.method = request.method;
    opts.headers = {
      ...opts.headers,
      Accept: request.accept ?? 'application/json',
      ...(request.body !== undefined && {
        'Content-Type': request.contentType ?? 'application/json',
        'Content-Length': Buffer.byteLength(request.body),
      }),
    };
    await limiter.acquire();
    let text: string;
    let res: IncomingMessage;
    try {
      res = await send(
        url,
        opts,
        request.body,
        request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
      text = await readBody(res);
    } catch (err) {
      throw noAnswerError(err);
    }
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      const retryAfter = res.headers['retry-after'];
      throw apiErrorOf(status, text, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    }
    return parseAnswer(text, request);
  };
}
