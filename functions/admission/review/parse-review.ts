/**
 * Decodes an AdmissionReview (admission.k8s.io/v1) into the AdmissionInput
 * a decision takes. Every way the envelope can be broken becomes a
 * BadRequestError whose message names the field, what was found and what
 * was expected; nothing here trusts the shape of the input.
 */
import { BadRequestError } from '../../../shared/errors.js';
import type { AdmissionInput, Operation } from './decision.js';
import type { AdmissionRoute } from './route.js';
import type { JsonObject } from '../../../shared/json.js';
import { isJsonObject } from '../../../shared/json.js';

export const REVIEW_API_VERSION = 'admission.k8s.io/v1';
export const REVIEW_KIND = 'AdmissionReview';
const OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

export interface ParsedReview {
  readonly input: AdmissionInput<JsonObject>;
  /** The object the decision saw, before any change: the base of the JSONPatch. */
  readonly rawObject: JsonObject;
  /** request.userInfo.username ('' when absent), for logs. */
  readonly user: string;
}

/** A JSON type name for messages: `null`, `array`, `string`, … */
export const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/** A short quoted rendering of a found value for messages. */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? value : typeOf(value);
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

function objectAt(parent: JsonObject, key: string, path: string): JsonObject {
  const value = parent[key];
  if (value === undefined || value === null) throw new BadRequestError(`${path} is required`);
  if (!isJsonObject(value)) {
    throw new BadRequestError(`${path} must be an object, got ${typeOf(value)}`);
  }
  return value;
}

function stringAt(parent: JsonObject, key: string, path: string, required: boolean): string {
  const value = parent[key];
  if (value === undefined || value === null) {
    if (required) throw new BadRequestError(`${path} is required`);
    return '';
  }
  if (typeof value !== 'string') {
    throw new BadRequestError(`${path} must be a string, got ${typeOf(value)}`);
  }
  if (required && value === '') throw new BadRequestError(`${path} is required`);
  return value;
}

function parseJson(text: string): JsonObject {
  if (text.trim() === '') throw new BadRequestError('request body is empty');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new BadRequestError(`Malformed JSON in request body: ${detail}`);
  }
  if (!isJsonObject(body)) {
    throw new BadRequestError(`request body must be a JSON object, got ${typeOf(body)}`);
  }
  return body;
}

function parseOperation(request: JsonObject): Operation {
  const op = stringAt(request, 'operation', 'request.operation', true);
  const known = OPERATIONS.find((o) => o === op);
  if (known === undefined) {
    throw new BadRequestError(
      `request.operation: ${quote(op)} is not one of ${OPERATIONS.join(', ')}`,
    );
  }
  return known;
}

/** request.kind ({group, version, kind}) or request.resource ({group, version, resource}). */
function parseGroupVersion(request: JsonObject, key: 'kind' | 'resource') {
  const path = `request.${key}`;
  const value = objectAt(request, key, path);
  return {
    group: stringAt(value, 'group', `${path}.group`, false),
    version: stringAt(value, 'version', `${path}.version`, true),
    name: stringAt(value, key, `${path}.${key}`, true),
  };
}

function checkObject(
  request: JsonObject,
  key: 'object' | 'oldObject',
  kind: AdmissionRoute['kind'],
): JsonObject {
  const path = `request.${key}`;
  const object = objectAt(request, key, path);
  if (object['kind'] !== kind.kind) {
    throw new BadRequestError(`${path} is not a ${kind.kind}: kind ${quote(object['kind'])}`);
  }
  const apiVersion = object['apiVersion'];
  if (!kind.apiVersions.some((v) => v === apiVersion)) {
    throw new BadRequestError(
      `${path} is not a ${kind.kind}: apiVersion ${quote(apiVersion)} is not one of ${kind.apiVersions.join(', ')}`,
    );
  }
  const metadata = object['metadata'];
  if (metadata !== undefined && !isJsonObject(metadata)) {
    throw new BadRequestError(`${path}.metadata must be an object, got ${typeOf(metadata)}`);
  }
  return object;
}

/**
 * OpenKruise fills an empty pod namespace from the request after decoding
 * (`if obj.Namespace == ""`): only a missing, null or empty one is filled, so
 * a namespace of the wrong type still fails the decode as it does in Go.
 */
function withNamespace(object: JsonObject, namespace: string): JsonObject {
  const metadata = isJsonObject(object['metadata']) ? object['metadata'] : {};
  const current = metadata['namespace'];
  if (namespace === '' || (current !== undefined && current !== null && current !== '')) {
    return object;
  }
  return { ...object, metadata: { ...metadata, namespace } };
}

/** Decodes a review body for a route; throws BadRequestError with a precise message. */
export function parseReview(
  text: string,
  route: Pick<AdmissionRoute, 'kind' | 'fillNamespace'>,
): ParsedReview {
  const body = parseJson(text);
  if (body['apiVersion'] !== REVIEW_API_VERSION) {
    throw new BadRequestError(
      `expected apiVersion ${REVIEW_API_VERSION}, got ${quote(body['apiVersion'])}`,
    );
  }
  if (body['kind'] !== REVIEW_KIND) {
    throw new BadRequestError(`expected kind ${REVIEW_KIND}, got ${quote(body['kind'])}`);
  }
  const request = objectAt(body, 'request', 'request');
  const uid = stringAt(request, 'uid', 'request.uid', true);
  const operation = parseOperation(request);
  const kind = parseGroupVersion(request, 'kind');
  const resource = parseGroupVersion(request, 'resource');
  const namespace = stringAt(request, 'namespace', 'request.namespace', false);
  const subResource = stringAt(request, 'subResource', 'request.subResource', false);
  const dryRun = request['dryRun'];
  if (dryRun !== undefined && dryRun !== null && typeof dryRun !== 'boolean') {
    throw new BadRequestError(`request.dryRun must be a boolean, got ${typeOf(dryRun)}`);
  }
  const needsOld = operation === 'UPDATE' || operation === 'DELETE';
  const oldObject = needsOld ? checkObject(request, 'oldObject', route.kind) : undefined;
  let object = operation === 'DELETE' ? oldObject : checkObject(request, 'object', route.kind);
  if (object === undefined) throw new BadRequestError('request.oldObject is required');
  if (route.fillNamespace === true) object = withNamespace(object, namespace);
  const userInfo = request['userInfo'];
  const username = isJsonObject(userInfo) ? userInfo['username'] : undefined;
  return {
    input: {
      uid,
      operation,
      kind: { group: kind.group, version: kind.version, kind: kind.name },
      resource: { group: resource.group, version: resource.version, resource: resource.name },
      ...(subResource !== '' && { subResource }),
      namespace,
      name: stringAt(request, 'name', 'request.name', false),
      object,
      ...(oldObject !== undefined && { oldObject }),
      ...(typeof dryRun === 'boolean' && { dryRun }),
    },
    rawObject: object,
    user: typeof username === 'string' ? username : '',
  };
}
