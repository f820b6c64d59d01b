/**
 * Reads an AdmissionReview body under a size cap: 7 MiB, controller-runtime's
 * `maxRequestSize` for webhooks. An UPDATE review carries the object twice
 * (`object` and `oldObject`), so a cap near etcd's 1.5 MiB object limit
 * (`--max-request-bytes`) doubled would refuse a legitimate update of a large
 * object, and with `failurePolicy: Fail` that refusal blocks the update.
 */
import { BadRequestError, PayloadTooLargeError } from '../../../shared/errors.js';
import { goStringFromBytes } from '../../../shared/go/utf8.js';
import { parseReview, type ParsedReview } from './parse-review.js';
import type { AdmissionRoute } from './route.js';

export const MAX_REVIEW_BYTES = 7 * 1024 * 1024;

const tooLarge = (maxBytes: number): PayloadTooLargeError =>
  new PayloadTooLargeError(`request entity is too large; limit is ${maxBytes} bytes`);

/** The body as text; BadRequestError for a wrong content type, PayloadTooLargeError over the cap. */
export async function readBody(request: Request, maxBytes = MAX_REVIEW_BYTES): Promise<string> {
  const contentType = request.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new BadRequestError(`contentType=${contentType}, expected application/json`);
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (request.body === null) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  // Bytes that are not UTF-8 become U+FFFD one per byte, as Go's decoder reads them.
  return goStringFromBytes(Buffer.concat(chunks, total));
}

/** Reads and decodes the review a route expects; throws BadRequestError/PayloadTooLargeError. */
export async function readReview(
  request: Request,
  route: Pick<AdmissionRoute, 'kind' | 'fillNamespace'>,
  maxBytes = MAX_REVIEW_BYTES,
): Promise<ParsedReview> {
  return parseReview(await readBody(request, maxBytes), route);
}
