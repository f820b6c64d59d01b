/**
 * The one audit webhook backend of a test run's shared control plane: the
 * kube-apiserver posts its EventList batches here, and the relay forwards
 * each, unchanged, to the reconcile function the current test file started
 * (`POST /target {"url": …}`; `{"url": null}` stops forwarding). With no
 * target, or a target that is gone, a batch is dropped with 200: the
 * apiserver would otherwise retry it against a function that no longer
 * exists. Test files run one at a time, so one target is enough.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export const AUDIT_RELAY_ENV = 'KRUISE_FN_AUDIT_RELAY';

export interface AuditRelay {
  /** Base URL; the apiserver posts to `<url>/audit`. */
  readonly url: string;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

function forward(target: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${target}/audit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

export async function startAuditRelay(): Promise<AuditRelay> {
  let target: string | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.url === '/target') {
        const { url } = JSON.parse(body.toString() || '{}') as { url?: string | null };
        target = url ?? undefined;
        res.writeHead(204).end();
        return;
      }
      const status = target === undefined ? 200 : await forward(target, body);
      // A target that answers 5xx is retried by the apiserver, as in a cluster.
      res.writeHead(status >= 500 ? status : 200).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Points the relay of this run at `url` (or at nothing). */
export async function setAuditTarget(relay: string, url: string | undefined): Promise<void> {
  const res = await fetch(`${relay}/target`, {
    method: 'POST',
    body: JSON.stringify({ url: url ?? null }),
  });
  if (res.status !== 204) throw new Error(`audit relay ${relay}: /target answered ${res.status}`);
}
