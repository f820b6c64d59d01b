/**
 * Which registry an image names and which AWS region its ECR lives in, as
 * the upstream plugin reads them (k8s.io/cloud-provider-aws@v1.34.4
 * cmd/ecr-credential-provider/main.go): the host is the image parsed as a
 * URL (`https://` put in front when it has no scheme), port dropped; the
 * region is the fourth label of a private-registry host
 * `<12-digit account>.dkr.ecr[-fips].<region>.<partition domain>` (or
 * `dkr-ecr`), where the domain is one of the AWS partitions'. Any other host
 * has no region: the SDK's default region applies (AWS_REGION), as upstream
 * does. Pure.
 */
import { BadRequestError } from '../../shared/errors.js';

// Upstream's ecrPrivateHostPattern: account, fips, region, partition domain.
const ECR_PRIVATE_HOST =
  /^(\d{12})\.dkr[.-]ecr(-fips)?\.([a-zA-Z0-9][a-zA-Z0-9-_]*)\.(amazonaws\.(?:com(?:\.cn)?|eu)|on\.(?:aws|amazonwebservices\.com\.cn)|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;

/** ECR Public's hosts, which upstream asks through `ecrpublic` (not served here). */
export const ECR_PUBLIC_HOSTS: readonly string[] = ['public.ecr.aws', 'ecr-public.aws.com'];

export interface EcrRegistry {
  /** The image's host without its port: the `auth` key of the response. */
  readonly host: string;
  /** The 12-digit account of a private-registry host. */
  readonly account?: string;
  /** The region of a private-registry host; absent: the SDK's default region. */
  readonly region?: string;
}

/** Go's url.URL.Hostname(): the host without port, IPv6 brackets removed. */
function hostname(authority: string): string {
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(1, end);
  }
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** The image's registry host (upstream parseHostFromImageReference). */
export function imageHost(image: string): string {
  const url = image.includes('://') ? image : `https://${image}`;
  const rest = url.slice(url.indexOf('://') + 3);
  const end = rest.search(/[/?#]/);
  return hostname(end < 0 ? rest : rest.slice(0, end));
}

/** The registry and region for `image`; throws BadRequestError when it has no host. */
export function parseEcrRegistry(image: string): EcrRegistry {
  const host = imageHost(image);
  if (host === '')
    throw new BadRequestError(`image ${JSON.stringify(image)} names no registry host`);
  const m = ECR_PRIVATE_HOST.exec(host);
  if (m === null) return { host };
  return { host, account: m[1] ?? '', region: m[3] ?? '' };
}
