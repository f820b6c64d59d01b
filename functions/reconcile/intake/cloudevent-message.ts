/**
 * What the cloudevents SDK does not check in an HTTP message, checked before
 * it reads one. Its reader fills a missing or empty `id` with a random UUID
 * and a missing `specversion` with 1.0, and its strict validation checks
 * only 1.0 events (any other version passes unchecked), so a message lacking
 * required attributes would become a valid-looking event. It also reads a
 * structured body before checking that it is an object, a batch before
 * checking that it is an array, and `data_base64` whatever its type,
 * answering with JavaScript's TypeError text.
 * (CloudEvents 1.0 §3.1 `id`, `specversion` REQUIRED; HTTP binding §3.)
 */
import { BadRequestError } from '../../../shared/errors.js';
import { isJsonObject } from '../../../shared/json.js';

export const SPEC_VERSION = '1.0';
export const STRUCTURED_JSON = 'application/cloudevents+json';
const STRUCTURED = 'application/cloudevents';
const BATCH = 'application/cloudevents-batch';

/** A header's media type alone, lower-cased (RFC 9110 §8.3.1: parameters aside). */
export const mediaTypeOf = (value: string | undefined): string =>
  value?.split(';')[0]?.trim().toLowerCase() ?? '';

function checkSpecVersion(value: unknown): void {
  if (value === undefined || value === null) {
    throw new BadRequestError("invalid CloudEvent: must have required property 'specversion'");
  }
  if (value !== SPEC_VERSION) {
    throw new BadRequestError(
      `invalid CloudEvent: specversion ${JSON.stringify(value)} is not one of ${SPEC_VERSION}`,
    );
  }
}

function checkId(value: unknown): void {
  if (value === undefined || value === null) {
    throw new BadRequestError("invalid CloudEvent: must have required property 'id'");
  }
  if (typeof value !== 'string')
    throw new BadRequestError('invalid CloudEvent: /id must be string');
  if (value === '') {
    throw new BadRequestError('invalid CloudEvent: /id must NOT have fewer than 1 characters');
  }
}

/**
 * Throws BadRequestError for a message the SDK would misread; `headers` are
 * lower-cased. A message that is no CloudEvent at all (no structured media
 * type, no `ce-id`) is left to the SDK to say so.
 */
export function checkCloudEventMessage(headers: Record<string, string>, body: string): void {
  const media = mediaTypeOf(headers['content-type']);
  if (media.startsWith(BATCH)) throw new BadRequestError('a batch of CloudEvents is not accepted');
  if (media.startsWith(STRUCTURED)) {
    if (media !== STRUCTURED_JSON) {
      throw new BadRequestError(
        `not a CloudEvent: event format ${media} is not one of ${STRUCTURED_JSON}`,
      );
    }
    let event: unknown;
    try {
      event = JSON.parse(body);
    } catch (err) {
      throw new BadRequestError(
        `not a CloudEvent: body is not JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (!isJsonObject(event))
      throw new BadRequestError('not a CloudEvent: body is not a JSON object');
    checkSpecVersion(event['specversion']);
    checkId(event['id']);
    // The SDK hands data_base64 to Buffer.from, whatever its type.
    if (event['data_base64'] !== undefined && typeof event['data_base64'] !== 'string') {
      throw new BadRequestError('invalid CloudEvent: /data_base64 must be string');
    }
    return;
  }
  // The SDK takes a message with a non-empty ce-id for a binary one.
  if (headers['ce-id']) checkSpecVersion(headers['ce-specversion']);
}
