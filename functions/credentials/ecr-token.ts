/**
 * One GetAuthorizationToken call through the real AWS SDK
 * (`@aws-sdk/client-ecr`), as the upstream plugin makes it: no registryIds
 * (the token then opens every registry the caller may read in that region),
 * the first authorizationData entry, its token base64 `<user>:<password>`.
 *
 * Retries are the SDK's standard retry strategy, set explicitly here:
 * `retryMode: 'standard'`, `maxAttempts` 3 (AWS_MAX_ATTEMPTS overrides);
 * throttling errors (ThrottlingException, 429), 5xx answers and transient
 * network errors are retried after a random delay below
 * min(20 s, base·2^retry), base 50 ms, 1 s for throttling (the SDK of
 * package-lock.json). Each attempt is cut after 10 s (the upstream plugin
 * allows 30 s, but kubelet gives a plugin 1 min in all). A failure that
 * remains becomes an EcrError carrying the AWS error name and the attempts.
 */
import { ECRClient, GetAuthorizationTokenCommand, type ECRClientConfig } from '@aws-sdk/client-ecr';
import { KruiseFnError } from '../../shared/errors.js';

export const MAX_ATTEMPTS = 3;
export const ATTEMPT_TIMEOUT_MS = 10_000;

export interface EcrToken {
  readonly username: string;
  readonly password: string;
  /** epoch ms; absent when ECR gave none (then nothing is cached). */
  readonly expiresAt?: number;
}

/** ECR (or the way to it) failed; `awsName` is the AWS error's name. */
export class EcrError extends KruiseFnError {
  override readonly code: number = 502;
  constructor(
    message: string,
    readonly awsName: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** The client for `region` (undefined: the SDK's default region chain). */
export function ecrClient(region: string | undefined, env: Env = process.env): ECRClient {
  const config: ECRClientConfig = {
    ...(region !== undefined && { region }),
    retryMode: 'standard',
    // undefined lets the SDK read AWS_MAX_ATTEMPTS.
    maxAttempts: env['AWS_MAX_ATTEMPTS'] === undefined ? MAX_ATTEMPTS : undefined,
    requestHandler: { requestTimeout: ATTEMPT_TIMEOUT_MS, connectionTimeout: ATTEMPT_TIMEOUT_MS },
  };
  return new ECRClient(config);
}

interface AwsErrorShape {
  name?: string;
  message?: string;
  $metadata?: { attempts?: number; httpStatusCode?: number };
}

/** Upstream's wording for a token that is not `<user>:<password>`. */
export function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0)
    throw new EcrError(
      'error parsing username and password from authorization token',
      'InvalidToken',
      1,
    );
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Turns what the SDK threw into an EcrError naming the AWS error and the attempts. */
export function toEcrError(err: unknown, region: string): EcrError {
  if (err instanceof EcrError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as AwsErrorShape;
  const name = e.name ?? 'Error';
  const attempts = e.$metadata?.attempts ?? 1;
  const status = e.$metadata?.httpStatusCode;
  const message =
    `ECR GetAuthorizationToken in ${region} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ` +
    `${name}${status === undefined ? '' : ` (HTTP ${status})`}: ${e.message ?? String(err)}`;
  // No `cause`: the message already carries the SDK's, and the logger would print it twice.
  return new EcrError(message, name, attempts);
}

/** GetAuthorizationToken with `client`; throws EcrError. */
export async function fetchEcrToken(client: ECRClient, region: string): Promise<EcrToken> {
  let out;
  try {
    out = await client.send(new GetAuthorizationTokenCommand({}));
  } catch (err) {
    throw toEcrError(err, region);
  }
  const data = out.authorizationData?.[0];
  if (data === undefined)
    throw new EcrError('authorization data was empty', 'EmptyAuthorizationData', 1);
  if (data.authorizationToken === undefined)
    throw new EcrError('authorization token in response was nil', 'EmptyAuthorizationToken', 1);
  const creds = decodeAuthorizationToken(data.authorizationToken);
  return {
    ...creds,
    ...(data.expiresAt !== undefined && { expiresAt: data.expiresAt.getTime() }),
  };
}
