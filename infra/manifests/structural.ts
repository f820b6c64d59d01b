/**
 * TypeBox schema → structural `openAPIV3Schema` the apiserver accepts
 * (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema).
 * Every node gets a `type` unless it is int-or-string or left open; TypeBox's
 * own shapes are rewritten (literal unions → `enum`, records →
 * `additionalProperties`); any keyword not listed here is an error, so nothing
 * the apiserver would refuse slips through.
 */
import type { TSchema } from '@sinclair/typebox';

export interface StructuralSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, StructuralSchema>;
  required?: string[];
  items?: StructuralSchema;
  additionalProperties?: StructuralSchema;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  anyOf?: StructuralSchema[];
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-list-type'?: string;
}

type Node = Readonly<Record<string, unknown>>;

/** Keywords copied as they are. */
const COPIED = [
  'type',
  'format',
  'description',
  'minimum',
  'maximum',
  'pattern',
  'x-kubernetes-map-type',
  'x-kubernetes-list-type',
] as const;
/** Keywords handled below, or TypeBox bookkeeping with no meaning in a CRD. */
const HANDLED = new Set<string>([
  ...COPIED,
  'properties',
  'required',
  'items',
  'patternProperties',
  'anyOf',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  '$id',
]);
const RECORD_KEY = '^(.*)$';

const asNode = (v: unknown, at: string): Node => {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`${at}: not a schema`);
  return v as Node;
};

function union(s: Node, at: string): StructuralSchema {
  const members = (s['anyOf'] as unknown[]).map((m, i) => asNode(m, `${at}.anyOf[${i}]`));
  if (s['x-kubernetes-int-or-string'] === true) {
    return { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === true) {
    return { 'x-kubernetes-preserve-unknown-fields': true };
  }
  const values = members.map((m) => m['const']);
  if (values.every((v): v is string => typeof v === 'string'))
    return { type: 'string', enum: values };
  throw new Error(`${at}: a union must be string literals, int-or-string or left open`);
}

function convert(s: Node, at: string): StructuralSchema {
  for (const key of Object.keys(s)) {
    if (!HANDLED.has(key)) throw new Error(`${at}: keyword ${key} has no CRD equivalent`);
  }
  const out: StructuralSchema = s['anyOf'] !== undefined ? union(s, at) : {};
  if (s['anyOf'] === undefined) {
    for (const key of COPIED) if (s[key] !== undefined) Object.assign(out, { [key]: s[key] });
    if (s['x-kubernetes-preserve-unknown-fields'] === true) {
      out['x-kubernetes-preserve-unknown-fields'] = true;
    }
  }
  const props = s['properties'];
  if (props !== undefined) {
    out.properties = {};
    for (const [k, v] of Object.entries(asNode(props, at))) {
      out.properties[k] = convert(asNode(v, `${at}.${k}`), `${at}.${k}`);
    }
  }
  const required = s['required'];
  if (Array.isArray(required) && required.length > 0)
    out.required = [...(required as string[])].sort();
  if (s['items'] !== undefined) out.items = convert(asNode(s['items'], at), `${at}[]`);
  const pattern = s['patternProperties'];
  if (pattern !== undefined) {
    const entries = Object.entries(asNode(pattern, at));
    const [key, value] = entries[0] ?? [];
    if (entries.length !== 1 || key !== RECORD_KEY)
      throw new Error(`${at}: only string-keyed records`);
    out.additionalProperties = convert(asNode(value, at), `${at}{}`);
  }
  // TypeBox's Unknown is `{}`: leave it open.
  if (
    out.type === undefined &&
    out.anyOf === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    if (Object.keys(out).length > 0) throw new Error(`${at}: node without a type`);
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return out;
}

/**
 * The CRD schema of a whole object. Root `metadata` is the apiserver's to
 * validate, so it is declared as a bare object, as controller-gen does.
 */
export function toStructural(schema: TSchema): StructuralSchema {
  const root = convert(schema as Node, '<root>');
  if (root.type !== 'object' || root.properties === undefined)
    throw new Error('root must be an object');
  if (root.properties['metadata'] !== undefined) root.properties['metadata'] = { type: 'object' };
  const required = root.required?.filter((k) => k !== 'metadata');
  if (required === undefined || required.length === 0) delete root.required;
  else root.required = required;
  return root;
}
