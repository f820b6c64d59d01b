/**
 * A Kubernetes watch (`?watch=1`) as a stream of events, over the same
 * kubeconfig authentication as the client's transport. The client's calls
 * are request/answer; a watch is one long answer of JSON lines, so it gets
 * its own connection. `watchObjects` resolves when the server ends the
 * watch (its timeoutSeconds) and rejects on a failed request; the caller
 * lists and watches again, as an informer does.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KruiseFnError } from '../errors.js';
import { apiErrorOf } from './api-error.js';

export interface WatchEvent<T> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: T;
}

export interface WatchOptions {
  readonly fieldSelector?: string;
  readonly labelSelector?: string;
  readonly resourceVersion?: string;
  /** The server ends the watch after this long; default 300. */
  readonly timeoutSeconds?: number;
  readonly signal?: AbortSignal;
}

/** Watches the collection at `path` (e.g. `/apis/apps.kruise.io/v1alpha1/nodeimages`). */
export async function watchObjects<T>(
  kc: KubeConfig,
  path: string,
  options: WatchOptions,
  onEvent: (event: WatchEvent<T>) => void,
): Promise<void> {
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new KruiseFnError('no current cluster in the kubeconfig');
  const query = new URLSearchParams({
    watch: '1',
    allowWatchBookmarks: 'true',
    timeoutSeconds: String(options.timeoutSeconds ?? 300),
  });
  if (options.fieldSelector !== undefined) query.set('fieldSelector', options.fieldSelector);
  if (options.labelSelector !== undefined) query.set('labelSelector', options.labelSelector);
  if (options.resourceVersion !== undefined) query.set('resourceVersion', options.resourceVersion);
  const url = new URL(`${cluster.server.replace(/\/+$/, '')}${path}?${query}`);
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  opts.method = 'GET';
  opts.headers = { ...opts.headers, Accept: 'application/json' };
  if (options.signal !== undefined) opts.signal = options.signal;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = (url.protocol === 'http:' ? httpRequest : httpsRequest)(url, opts);
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
  if ((res.statusCode ?? 0) !== 200) {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    throw apiErrorOf(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
  }
  let buffered = '';
  for await (const chunk of res) {
    buffered += (chunk as Buffer).toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line !== '') onEvent(JSON.parse(line) as WatchEvent<T>);
    }
  }
}
