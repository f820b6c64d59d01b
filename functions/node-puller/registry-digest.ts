/**
 * The manifest digest a registry serves for `<name>:<tag>`, for the
 * `imagePullPolicy: Always` check (OpenKruise: go-containerregistry
 * `remote.Get` in imagepuller utils.go `isLatestDigest`): a HEAD of
 * `/v2/<path>/manifests/<tag>` accepting Docker and OCI manifests and
 * indexes, answering a 401 challenge with Basic credentials or a Bearer token
 * from the challenge's realm. Scheme as go-containerregistry picks it: HTTPS,
 * and plain HTTP after HTTPS fails for localhost, loopback and private
 * (RFC 1918) addresses. Docker Hub is `registry-1.docker.io`.
 * Credentials only go into Authorization headers.
 */
import type { RegistryCredential } from '../../shared/registry-auth/docker-keyring.js';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface DigestRequest {
  /** The normalized repository, `<domain>/<path>`. */
  readonly domain: string;
  readonly path: string;
  readonly tag: string;
  readonly credential?: RegistryCredential;
  readonly signal?: AbortSignal;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const RFC1918 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;

/** go-containerregistry name.Registry.Scheme(): may fall back to plain HTTP. */
export function mayUsePlainHttp(domain: string): boolean {
  const host = domain.replace(/:\d+$/, '');
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || RFC1918.test(host);
}

const registryHost = (domain: string) => (domain === 'docker.io' ? 'registry-1.docker.io' : domain);

/** `Bearer realm="…",service="…"` → its parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g))
    if (m[1] !== undefined && m[2] !== undefined) params[m[1].toLowerCase()] = m[2];
  return { scheme, params };
}

const basic = (c: RegistryCredential) =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

async function bearerToken(
  fetchFn: Fetch,
  params: Record<string, string>,
  req: DigestRequest,
): Promise<string> {
  const url = new URL(params['realm'] ?? '');
  if (params['service'] !== undefined) url.searchParams.set('service', params['service']);
  url.searchParams.set('scope', params['scope'] ?? `repository:${req.path}:pull`);
  const res = await fetchFn(url.toString(), {
    headers: req.credential === undefined ? {} : { authorization: basic(req.credential) },
    ...(req.signal !== undefined && { signal: req.signal }),
  });
  if (!res.ok) throw new Error(`token request to ${url.host}: HTTP ${res.status}`);
  const body = (await res.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (token === undefined) throw new Error(`token request to ${url.host}: no token`);
  return token;
}

async function headManifest(fetchFn: Fetch, base: string, req: DigestRequest): Promise<string> {
  const url = `${base}/v2/${req.path}/manifests/${req.tag}`;
  const init = (authorization?: string): RequestInit => ({
    method: 'HEAD',
    headers: { accept: ACCEPT, ...(authorization !== undefined && { authorization }) },
    ...(req.signal !== undefined && { signal: req.signal }),
  });
  let res = await fetchFn(url, init());
  if (res.status === 401) {
    const { scheme, params } = parseChallenge(res.headers.get('www-authenticate') ?? '');
    if (scheme === 'basic' && req.credential !== undefined)
      res = await fetchFn(url, init(basic(req.credential)));
    else if (scheme === 'bearer')
      res = await fetchFn(url, init(`Bearer ${await bearerToken(fetchFn, params, req)}`));
  }
  if (!res.ok) throw new Error(`HEAD ${req.domain}/${req.path}:${req.tag}: HTTP ${res.status}`);
  const digest = res.headers.get('docker-content-digest');
  if (digest === null) throw new Error(`HEAD ${req.domain}/${req.path}:${req.tag}: no digest`);
  return digest;
}

/** The registry's manifest digest of the tag (`sha256:…`). */
export async function registryDigest(req: DigestRequest, fetchFn: Fetch = fetch): Promise<string> {
  const host = registryHost(req.domain);
  try {
    return await headManifest(fetchFn, `https://${host}`, req);
  } catch (err) {
    // An HTTP answer is final; only a failed TLS connection falls back to HTTP.
    if (
      !mayUsePlainHttp(host) ||
      req.signal?.aborted === true ||
      /HTTP \d+|no digest/.test(String(err))
    )
      throw err;
    return headManifest(fetchFn, `http://${host}`, req);
  }
}
