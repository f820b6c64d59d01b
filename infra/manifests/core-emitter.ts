/**
 * Turns Kubernetes' published OpenAPI v3 definitions into TypeBox source
 * (shared/api/core/*.ts). Pure: takes the parsed document, returns file texts.
 *
 * Kept from the core schema: types, formats, `required`, int-or-string,
 * `x-kubernetes-map-type`, atomic list types. Dropped: descriptions (size),
 * `default` (the apiserver would write them into user objects, which
 * OpenKruise's open schemas never do), patch/union/list-map markers (set and
 * map list types would add validation OpenKruise does not have).
 */

export interface OpenApiSchema {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly items?: OpenApiSchema;
  readonly required?: readonly string[];
  readonly allOf?: readonly OpenApiSchema[];
  readonly $ref?: string;
  readonly 'x-kubernetes-map-type'?: string;
  readonly 'x-kubernetes-list-type'?: string;
}
export interface OpenApiDocument {
  readonly components: { readonly schemas: Readonly<Record<string, OpenApiSchema>> };
}
export interface CoreFile {
  /** Module name under shared/api/core, e.g. `meta`. */
  readonly module: string;
  readonly text: string;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const CORE = 'io.k8s.api.core.v1.';
const APPS = 'io.k8s.api.apps.v1.';
const COORDINATION = 'io.k8s.api.coordination.v1.';
const OBJECT_META = `${META}ObjectMeta`;

/** Definitions written by hand in shared/api/schema-kit.ts, or inlined. */
const SPECIAL: Readonly<Record<string, string>> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'Quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'IntOrString',
  [`${META}Time`]: 'Time()',
  [`${META}MicroTime`]: 'Time()',
};

/** What metadata of an embedded object (pod template, PVC template) keeps typed. */
const EMBEDDED_META_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'labels',
  'annotations',
  'finalizers',
];

const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);
const shortName = (full: string): string => full.slice(full.lastIndexOf('.') + 1);
const moduleOf = (full: string): string =>
  full.startsWith(CORE)
    ? 'core-v1'
    : full.startsWith(APPS)
      ? 'apps-v1'
      : full.startsWith(COORDINATION)
        ? 'coordination-v1'
        : 'meta';
const quoteKey = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

function options(entries: Record<string, string | boolean | undefined>): string {
  const set = Object.entries(entries).filter(([, v]) => v !== undefined);
  if (set.length === 0) return '';
  return `{ ${set.map(([k, v]) => `${quoteKey(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
}

class Emitter {
  readonly order: string[] = [];
  private readonly state = new Map<string, 'visiting' | 'done'>();
  constructor(
    private readonly schemas: Readonly<Record<string, OpenApiSchema>>,
    /** Kinds stored as objects of their own (Pod, Secret): their metadata is the full ObjectMeta. */
    private readonly topLevel: ReadonlySet<string> = new Set(),
  ) {}

  /** Emits `full` after everything it references (depth-first, so deps come first). */
  visit(full: string): void {
    if (SPECIAL[full] !== undefined || this.state.get(full) === 'done') return;
    if (this.state.get(full) === 'visiting') throw new Error(`reference cycle through ${full}`);
    this.state.set(full, 'visiting');
    this.expr(this.definition(full), full);
    this.state.set(full, 'done');
    this.order.push(full);
  }

  definition(full: string): OpenApiSchema {
    const s = this.schemas[full];
    if (s === undefined) throw new Error(`definition ${full} is missing`);
    return s;
  }

  /** A TypeBox expression for `s`, visiting the definitions it references. */
  expr(s: OpenApiSchema, at: string): string {
    const only = s.allOf?.length === 1 ? s.allOf[0] : undefined;
    const ref = s.$ref ?? only?.$ref;
    if (ref !== undefined) return this.reference(refName(ref), at);
    switch (s.type) {
      case 'string':
        return `Type.String(${options({ format: s.format })})`;
      case 'integer':
        return `Type.Integer(${options({ format: s.format })})`;
      case 'number':
        return `Type.Number(${options({ format: s.format })})`;
      case 'boolean':
        return 'Type.Boolean()';
      case 'array': {
        if (s.items === undefined) throw new Error(`${at}: array without items`);
        const listType = s['x-kubernetes-list-type'] === 'atomic' ? 'atomic' : undefined;
        const opts = options({ 'x-kubernetes-list-type': listType });
        return `Type.Array(${this.expr(s.items, at)}${opts === '' ? '' : `, ${opts}`})`;
      }
      case 'object':
        return this.object(s, at);
      default:
        throw new Error(`${at}: unsupported schema ${JSON.stringify(s).slice(0, 120)}`);
    }
  }

  private reference(full: string, at: string): string {
    const special = SPECIAL[full];
    if (special !== undefined) return special;
    // Metadata nested in a core type belongs to an embedded object.
    if (full === OBJECT_META && at.startsWith(CORE) && !this.topLevel.has(at)) {
      return 'EmbeddedObjectMeta';
    }
    this.visit(full);
    return shortName(full);
  }

  object(s: OpenApiSchema, at: string, preserveUnknown?: true): string {
    const mapType = s['x-kubernetes-map-type'];
    if (s.properties !== undefined) {
      const required = new Set(s.required ?? []);
      const fields = Object.entries(s.properties).map(([k, v]) => {
        const e = this.expr(v, at);
        return `${quoteKey(k)}: ${required.has(k) ? e : `Type.Optional(${e})`}`;
      });
      const opts = options({
        'x-kubernetes-map-type': mapType,
        'x-kubernetes-preserve-unknown-fields': preserveUnknown,
      });
      return `Type.Object({ ${fields.join(', ')} }${opts === '' ? '' : `, ${opts}`})`;
    }
    const extra = s.additionalProperties;
    if (typeof extra === 'object') {
      const opts = options({ 'x-kubernetes-map-type': mapType });
      return `Type.Record(Type.String(), ${this.expr(extra, at)}${opts === '' ? '' : `, ${opts}`})`;
    }
    // Free-form object (FieldsV1): keep whatever it holds.
    return `Type.Object({}, ${options({ 'x-kubernetes-preserve-unknown-fields': true })})`;
  }
}

function header(source: string): string {
  return [
    `// Generated by infra/manifests/gen-core.ts from ${source}; do not edit.`,
    '// Regenerate with `npx tsx infra/manifests/gen-core.ts`.',
  ].join('\n');
}

function definitionSource(e: Emitter, full: string): string {
  const name = shortName(full);
  return `export const ${name} = ${e.expr(e.definition(full), full)};\nexport type ${name} = Static<typeof ${name}>;\n`;
}

function embeddedMetaSource(e: Emitter): string {
  const meta = e.definition(OBJECT_META);
  const picked: Record<string, OpenApiSchema> = {};
  for (const k of EMBEDDED_META_FIELDS) {
    const p = meta.properties?.[k];
    if (p === undefined) throw new Error(`ObjectMeta has no ${k}`);
    picked[k] = p;
  }
  const open = e.object({ type: 'object', properties: picked }, OBJECT_META, true);
  return [
    '/**',
    ' * Metadata of an embedded object (pod template, PVC template): the usual',
    ' * fields typed, everything else kept as written, as in OpenKruise CRDs.',
    ' */',
    `export const EmbeddedObjectMeta = ${open};`,
    'export type EmbeddedObjectMeta = Static<typeof EmbeddedObjectMeta>;',
    '',
  ].join('\n');
}

/**
 * Emits `meta.ts` (apimachinery meta/v1), `core-v1.ts` (core/v1) and, when
 * a root is of theirs, `apps-v1.ts` and `coordination-v1.ts`, holding `roots` and everything
 * they reference, dependencies first. `topLevel` roots are kinds of their own
 * (their `metadata` is the full ObjectMeta, not an embedded object's).
 */
export function emitCore(
  doc: OpenApiDocument,
  roots: readonly string[],
  source: string,
  topLevel: readonly string[] = [],
): CoreFile[] {
  const e = new Emitter(doc.components.schemas, new Set(topLevel));
  e.visit(OBJECT_META);
  for (const r of [...roots, ...topLevel]) e.visit(r);
  const names = new Map<string, string>();
  for (const full of e.order) {
    const clash = names.get(shortName(full));
    if (clash !== undefined) throw new Error(`${full} and ${clash} share a name`);
    names.set(shortName(full), full);
  }
  const of = (module: string) => e.order.filter((f) => moduleOf(f) === module);
  const metaDefs = of('meta');
  const coreDefs = of('core-v1');
  const appsDefs = of('apps-v1');
  const coordinationDefs = of('coordination-v1');
  const metaBody = [...metaDefs.map((f) => definitionSource(e, f)), embeddedMetaSource(e)];
  const metaNames = [...metaDefs.map(shortName), 'EmbeddedObjectMeta'];
  const files = [
    { module: 'meta', text: moduleText(source, metaBody, []) },
    {
      module: 'core-v1',
      text: moduleText(
        source,
        coreDefs.map((f) => definitionSource(e, f)),
        [{ module: 'meta', names: metaNames }],
      ),
    },
  ];
  if (appsDefs.length > 0) {
    files.push({
      module: 'apps-v1',
      text: moduleText(
        source,
        appsDefs.map((f) => definitionSource(e, f)),
        [
          { module: 'core-v1', names: coreDefs.map(shortName) },
          { module: 'meta', names: metaNames },
        ],
      ),
    });
  }
  if (coordinationDefs.length > 0) {
    files.push({
      module: 'coordination-v1',
      text: moduleText(
        source,
        coordinationDefs.map((f) => definitionSource(e, f)),
        [{ module: 'meta', names: metaNames }],
      ),
    });
  }
  return files;
}

interface ImportSource {
  readonly module: string;
  readonly names: readonly string[];
}

/** Header, the imports the body uses, then the body. */
function moduleText(source: string, body: string[], from: readonly ImportSource[]): string {
  const text = body.join('\n');
  const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(text);
  const kit = ['IntOrString', 'Quantity', 'Time'].filter(uses);
  const lines = [header(source), "import { Type, type Static } from '@sinclair/typebox';"];
  if (kit.length > 0) lines.push(`import { ${kit.join(', ')} } from '../schema-kit.js';`);
  for (const f of from) {
    const names = f.names.filter(uses).sort();
    if (names.length > 0) lines.push(`import { ${names.join(', ')} } from './${f.module}.js';`);
  }
  return [...lines, '', text].join('\n');
}
