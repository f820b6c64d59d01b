/**
 * An audit webhook backend that only records: point the run's audit relay at
 * it (setAuditTarget) and it keeps every audit event the kube-apiserver sends,
 * as sent, answering each EventList 200. Tests take real events from it to
 * deliver to an entry in another form (a CloudWatch Logs subscription event),
 * and nothing reconciles meanwhile.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../shared/http/serve.js';
import { Value } from '@sinclair/typebox/value';
import { AuditEvent, AuditEventList } from '../../functions/reconcile/intake/audit.js';
import { until } from './until.js';

export interface AuditCapture {
  /** Base URL (the relay posts to `<url>/audit`). */
  readonly url: string;
  /** Every audit event received, in arrival order. */
  readonly events: readonly AuditEvent[];
  /**
   * Waits until some event from index `from` on matches, then returns the
   * events from `from` on (the match included).
   */
  waitFor(
    what: string,
    match: (event: AuditEvent) => boolean,
    from?: number,
    timeoutMs?: number,
  ): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

/** Whether an event records a completed, successful `verb` on `resource` `namespace/name`. */
export const isWrite =
  (verb: string, resource: string, namespace: string, name: string, subresource?: string) =>
  (e: AuditEvent): boolean =>
    e.stage === 'ResponseComplete' &&
    e.verb === verb &&
    e.objectRef?.resource === resource &&
    e.objectRef.subresource === subresource &&
    e.objectRef.namespace === namespace &&
    e.objectRef.name === name;

export async function startAuditCapture(): Promise<AuditCapture> {
  const events: AuditEvent[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      let list: unknown;
      try {
        list = JSON.parse(body);
      } catch {
        list = undefined;
      }
      if (req.method !== 'POST' || req.url !== '/audit' || !Value.Check(AuditEventList, list)) {
        res.writeHead(400).end();
        return;
      }
      for (const item of list.items) if (Value.Check(AuditEvent, item)) events.push(item);
      res.writeHead(200).end();
    });
  });
  // The apiserver's audit webhook reuses idle connections for 90 s (shared/http/serve.ts).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    waitFor: (what, match, from = 0, timeoutMs = 15_000) =>
      until(
        `audit event: ${what}`,
        () => (events.slice(from).some(match) ? events.slice(from) : undefined),
        { timeoutMs },
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
