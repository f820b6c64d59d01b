/**
 * The one fake of the credentials tests (unit and integration; a test
 * helper, imported by no entry): a loopback HTTP endpoint speaking ECR's
 * JSON protocol (awsJson1_1: POST /, `X-Amz-Target:
 * AmazonEC2ContainerRegistry_V20150921.<Operation>`, JSON bodies, errors as
 * `{"__type", "message"}` with `x-amzn-ErrorType`), so the real AWS SDKs
 * (ours, and the upstream plugin's aws-sdk-go-v2) run unchanged against it
 * through an endpoint override (AWS_ENDPOINT_URL_ECR). GetAuthorizationToken
 * answers `base64(<username>:<password>)` for the local htpasswd registry.
 * Knobs: `fail(...)` queues answers for the next calls (a 500
 * ServerException, a 400 ThrottlingException) before it succeeds again.
 * Every call is recorded with the region and access key of its SigV4
 * credential scope (the signature itself is not checked).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';

export type Fault = 'ServerException' | 'ThrottlingException';

export interface EcrCall {
  readonly operation: string;
  /** From the Authorization header's credential scope. */
  readonly region: string;
  readonly accessKeyId: string;
  readonly body: unknown;
  /** What was answered: `ok` or the fault. */
  readonly answer: 'ok' | Fault;
  readonly at: number;
}

export interface FakeEcrOptions {
  readonly username?: string;
  readonly password: string;
  /** The account of the answer's proxyEndpoint; default 123456789012. */
  readonly account?: string;
  /** Lifetime of each token; ECR's is 12 h. */
  readonly tokenLifetimeSeconds?: number;
}

export interface FakeEcr {
  readonly url: string;
  readonly calls: readonly EcrCall[];
  /** The next calls answer these faults, in order. */
  fail(...faults: Fault[]): void;
  stop(): Promise<void>;
}

const FAULTS: Record<Fault, { status: number; message: string }> = {
  ServerException: { status: 500, message: 'Internal error' },
  ThrottlingException: { status: 400, message: 'Rate exceeded' },
};

const SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/ecr\/aws4_request/;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeEcr(options: FakeEcrOptions): Promise<FakeEcr> {
  const calls: EcrCall[] = [];
  const queued: Fault[] = [];
  const lifetime = options.tokenLifetimeSeconds ?? 12 * 3600;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      const send = (status: number, body: unknown, errorType?: string) => {
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `req-${calls.length}`,
          ...(errorType !== undefined && { 'x-amzn-errortype': errorType }),
        });
        res.end(JSON.stringify(body));
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      const scope = SCOPE.exec(String(req.headers.authorization ?? ''));
      const operation = target.startsWith(ECR_TARGET_PREFIX)
        ? target.slice(ECR_TARGET_PREFIX.length)
        : target;
      let body: unknown;
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        body = text;
      }
      const record = (answer: EcrCall['answer']) =>
        calls.push({
          operation,
          region: scope?.[2] ?? '',
          accessKeyId: scope?.[1] ?? '',
          body,
          answer,
          at: Date.now(),
        });
      if (req.method !== 'POST' || operation !== 'GetAuthorizationToken') {
        send(
          400,
          { __type: 'UnknownOperationException', message: target },
          'UnknownOperationException',
        );
        return;
      }
      if (scope === null) {
        send(
          403,
          {
            __type: 'MissingAuthenticationTokenException',
            message: 'Missing Authentication Token',
          },
          'MissingAuthenticationTokenException',
        );
        return;
      }
      const fault = queued.shift();
      if (fault !== undefined) {
        record(fault);
        send(FAULTS[fault].status, { __type: fault, message: FAULTS[fault].message }, fault);
        return;
      }
      record('ok');
      const token = Buffer.from(`${options.username ?? 'AWS'}:${options.password}`).toString(
        'base64',
      );
      send(200, {
        authorizationData: [
          {
            authorizationToken: token,
            expiresAt: Math.floor(Date.now() / 1000) + lifetime,
            proxyEndpoint: `https://${options.account ?? '123456789012'}.dkr.ecr.${scope[2] ?? ''}.amazonaws.com`,
          },
        ],
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    fail: (...faults) => queued.push(...faults),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
