/**
 * Test support: a stand-in kube-apiserver on loopback that answers GETs from
 * a table of paths, so the real client (and the built bundles) can be
 * exercised without a cluster. HTTP is faked at the boundary; none of our
 * modules is replaced. Every request it gets is recorded whole (method, raw
 * URL, body), before anything is parsed, so a test can assert that nothing at
 * all reached the API. Writes change nothing: they are answered 404, or,
 * with `acceptWrites`, 201/200 with the object they sent (a write that took).
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One request exactly as it arrived. */
export interface ReceivedRequest {
  readonly method: string;
  /** The request target as sent (path and query, not normalised). */
  readonly url: string;
  readonly body: string;
}

export interface FakeApiServer {
  readonly url: string;
  /** Path → JSON answer; edit it to change what the server says. */
  readonly answers: Map<string, unknown>;
  /** Every request as `METHOD path?query` (+ ` (metadata)` for a metadata-only list), in order. */
  readonly requests: string[];
  /** Every request whole, in order of arrival (a write's body included). */
  readonly received: ReceivedRequest[];
  /** Writes a kubeconfig naming this server into `dir` and returns its path. */
  writeKubeconfig(dir: string): string;
  close(): Promise<void>;
}

const NOT_FOUND = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  code: 404,
};

export const sidecarSetsPath = '/apis/apps.kruise.io/v1alpha1/sidecarsets';

/** A SidecarSet list answer, as the API server sends it. */
export const sidecarSetList = (items: readonly unknown[]) => ({
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'SidecarSetList',
  metadata: { resourceVersion: '100' },
  items,
});

/** A list answer as a PartialObjectMetadataList: each item keeps only its metadata. */
function toMetadataList(list: unknown): unknown {
  if (typeof list !== 'object' || list === null) return NOT_FOUND;
  const { items, metadata } = list as { items?: unknown; metadata?: unknown };
  return {
    apiVersion: 'meta.k8s.io/v1',
    kind: 'PartialObjectMetadataList',
    metadata,
    items: (Array.isArray(items) ? items : []).map((item: unknown) => ({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: (item as { metadata?: unknown }).metadata,
    })),
  };
}

export interface FakeApiServerOptions {
  /** Answer POST 201 and PUT/PATCH 200 with the request's body, instead of 404. */
  readonly acceptWrites?: boolean;
}

const WRITE_STATUS: Readonly<Record<string, number>> = { POST: 201, PUT: 200, PATCH: 200 };

export async function startFakeApiServer(
  answers: Iterable<[string, unknown]> = [],
  options: FakeApiServerOptions = {},
): Promise<FakeApiServer> {
  const table = new Map(answers);
  const requests: string[] = [];
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? '';
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method, url: req.url ?? '', body });
      // A target that is not a path (`//host/x`, `*`) is still answered, from the table's miss.
      const url = new URL(`http://fake${req.url?.startsWith('/') === true ? req.url : '/'}`);
      const metadataOnly = (req.headers.accept ?? '').includes('as=PartialObjectMetadataList');
      requests.push(`${method} ${url.pathname}${url.search}${metadataOnly ? ' (metadata)' : ''}`);
      const accepted = options.acceptWrites === true ? WRITE_STATUS[method] : undefined;
      if (accepted !== undefined) {
        res.writeHead(accepted, { 'content-type': 'application/json' });
        res.end(body);
        return;
      }
      const found = method === 'GET' ? table.get(url.pathname) : undefined;
      res.writeHead(found === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(metadataOnly ? toMetadataList(found) : (found ?? NOT_FOUND)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    answers: table,
    requests,
    received,
    writeKubeconfig(dir) {
      const path = join(dir, 'kubeconfig.json');
      const kubeconfig = {
        apiVersion: 'v1',
        kind: 'Config',
        // client-node refuses plain HTTP unless TLS verification is off.
        clusters: [{ name: 'fake', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'fake', user: { token: 'fake' } }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake' } }],
        'current-context': 'fake',
      };
      writeFileSync(path, JSON.stringify(kubeconfig));
      return path;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
