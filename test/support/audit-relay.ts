/**
 * The one audit webhook backend of a test run's shared control plane: the
 * kube-apiserver posts its EventList batches here, and the relay forwards
 * each, unchanged, to the reconcile function the current test file started
 * (`POST /target {"url": …}`; `{"url": null}` stops forwarding). With no
 * target, or a target that is gone, a batch is dropped with 200: the
 * apiserver would otherwise retry it against a function that no longer
 * exists. Test files run one at a time, so one target is enough.
 *
 * Chaos mode (`POST /chaos` with audit-chaos.ts's options; `null` ends it
 * after sending what is held) loses, repeats and reorders the events of the
 * batches it forwards; what it holds back goes with the next batch, or after
 * a second without one. `GET /chaos` answers its counts.
 *
 * Whatever the mode, the relay tallies the completed creates the apiserver
 * audited, before any chaos, by response code (`GET /creates`: keys
 * `<resource>/<namespace>/<name>`): the chaos tests count how often each pod
 * was really created.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../shared/http/serve.js';
import { createChaos, type Chaos, type ChaosOptions, type ChaosStats } from './audit-chaos.js';

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

const HOLD_MS = 1_000;

/** Completed creates by `<resource>/<namespace>/<name>` and response code. */
export type CreateTally = Record<string, Record<string, number>>;

/** A batch the apiserver sends again (after a 5xx) is counted once: by auditID. */
function tallyCreates(tally: CreateTally, seen: Set<string>, body: Buffer): void {
  let items: unknown;
  try {
    items = (JSON.parse(body.toString()) as { items?: unknown }).items;
  } catch {
    return;
  }
  if (!Array.isArray(items)) return;
  for (const item of items as {
    auditID?: string;
    verb?: string;
    stage?: string;
    objectRef?: { resource?: string; namespace?: string; name?: string; subresource?: string };
    responseStatus?: { code?: number };
  }[]) {
    const ref = item.objectRef;
    if (item.verb !== 'create' || item.stage !== 'ResponseComplete' || ref?.subresource) continue;
    if (item.auditID !== undefined) {
      if (seen.has(item.auditID)) continue;
      seen.add(item.auditID);
    }
    const key = `${ref?.resource ?? ''}/${ref?.namespace ?? ''}/${ref?.name ?? ''}`;
    const code = String(item.responseStatus?.code ?? 0);
    const byCode = (tally[key] ??= {});
    byCode[code] = (byCode[code] ?? 0) + 1;
  }
}

const eventList = (items: readonly unknown[]) =>
  Buffer.from(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items }));

export async function startAuditRelay(): Promise<AuditRelay> {
  let target: string | undefined;
  let chaos: Chaos<unknown> | undefined;
  let holdTimer: NodeJS.Timeout | undefined;
  const creates: CreateTally = {};
  const audited = new Set<string>();
  const sendNow = async (items: readonly unknown[]) => {
    if (target !== undefined && items.length > 0) await forward(target, eventList(items));
  };
  const throughChaos = async (c: Chaos<unknown>, body: Buffer) => {
    const { items } = JSON.parse(body.toString()) as { items?: unknown[] };
    clearTimeout(holdTimer);
    await sendNow(c.take(items ?? []));
    holdTimer = setTimeout(() => void sendNow(c.flush()), HOLD_MS);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.url === '/target') {
        const { url } = JSON.parse(body.toString() || '{}') as { url?: string | null };
        target = url ?? undefined;
        res.writeHead(204).end();
        return;
      }
      if (req.url === '/chaos') {
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(chaos?.stats() ?? null));
          return;
        }
        const opts = JSON.parse(body.toString() || 'null') as ChaosOptions | null;
        clearTimeout(holdTimer);
        if (chaos !== undefined) await sendNow(chaos.flush());
        chaos = opts === null ? undefined : createChaos(opts);
        res.writeHead(204).end();
        return;
      }
      if (req.url === '/creates') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(creates));
        return;
      }
      tallyCreates(creates, audited, body);
      if (chaos !== undefined) {
        await throughChaos(chaos, body);
        res.writeHead(200).end();
        return;
      }
      const status = target === undefined ? 200 : await forward(target, body);
      // A target that answers 5xx is retried by the apiserver, as in a cluster.
      res.writeHead(status >= 500 ? status : 200).end();
    })();
  });
  // The apiserver's audit webhook reuses idle connections for 90 s (shared/http/serve.ts).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(holdTimer);
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

/** Puts the relay of this run in chaos mode (or, with null, back to plain forwarding). */
export async function setAuditChaos(relay: string, opts: ChaosOptions | null): Promise<void> {
  const res = await fetch(`${relay}/chaos`, { method: 'POST', body: JSON.stringify(opts) });
  if (res.status !== 204) throw new Error(`audit relay ${relay}: /chaos answered ${res.status}`);
}

/** The counts of the relay's chaos mode, or null when it is off. */
export async function auditChaosStats(relay: string): Promise<ChaosStats | null> {
  const res = await fetch(`${relay}/chaos`);
  return (await res.json()) as ChaosStats | null;
}

/** The creates the apiserver audited so far, by response code (see CreateTally). */
export async function auditCreates(relay: string): Promise<CreateTally> {
  const res = await fetch(`${relay}/creates`);
  return (await res.json()) as CreateTally;
}
