/**
 * Routes of the credentials function (Knative service, Lambda Function URL):
 * `POST /credentials` takes a kubelet CredentialProviderRequest and answers
 * the CredentialProviderResponse the exec entry would print (200); a request
 * that does not decode is a 400, a body over 64 KiB a 413, ECR's failure a
 * 502 naming the AWS error (`awsName`). The body carries credentials, so it
 * is never logged; failures are logged without it.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { KruiseFnError } from '../../shared/errors.js';
import { ecrCredentials, type CredentialsDeps } from './credentials.js';
import { EcrError } from './ecr-token.js';
import { parseProviderRequest } from './provider-api.js';

export const MAX_BODY_BYTES = 64 * 1024;

export interface CredentialsAppDeps extends CredentialsDeps {
  readonly log: Logger;
}

export function createApp(deps: CredentialsAppDeps) {
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.post(
    '/credentials',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: `request body over ${MAX_BODY_BYTES} bytes` }, 413),
    }),
    async (c) => {
      const request = parseProviderRequest(await c.req.text());
      return c.json(await ecrCredentials(request, deps, deps.log));
    },
  );
  app.onError((err, c) => {
    deps.log.error({ err }, 'Failed to get ECR credentials');
    if (err instanceof EcrError) return c.json({ error: err.message, awsName: err.awsName }, 502);
    if (err instanceof KruiseFnError && err.code < 500)
      return c.json({ error: err.message }, err.code as 400);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
