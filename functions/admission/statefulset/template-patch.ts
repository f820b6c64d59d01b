/**
 * The JSON Patch OpenKruise's InPlaceOnly check walks: `jsonpatch.CreatePatch`
 * of github.com/appscode/jsonpatch v1.0.1 (`jsonpatch.go`) over
 * `json.Marshal` of the old and new template specs
 * (`kruise@v1.7.4:pkg/webhook/statefulset/validating/statefulset_validation.go:345-358`).
 * Its order decides which change the denial names, and it is not
 * fast-json-patch's: keys of the new object first, then removed keys
 * (`diff`, l. 159-185); arrays of objects by removing from the end, adding,
 * then index by index (l. 219-232); arrays of scalars (or of flat objects)
 * by an edit distance whose backtrace lists the highest index first
 * (`compareEditDistance`/`backtrace`, l. 278-336).
 *
 * Go ranges over map keys in random order; we take the keys in the order
 * the encoder wrote them (Go's struct field order, sorted map keys), so
 * where Go may name any of several changes we always name the same one.
 */
import { goMarshalAs } from '../../../shared/api/go-encoding.js';
import { isJsonObject, type JsonObject } from '../../../shared/json.js';

export interface TemplatePatchOp {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: string;
}

/** makePath (l. 147-156): RFC 6901 escapes of `~` and `/`; no second `/` after one that ends `path`. */
function makePath(path: string, part: string | number): string {
  const key = String(part).replace(/~/g, '~0').replace(/\//g, '~1');
  if (path === '') return `/${key}`;
  return path.endsWith('/') ? `${path}${key}` : `${path}/${key}`;
}

type GoKind = 'nil' | 'map' | 'array' | 'string' | 'float64' | 'bool';

/** reflect.TypeOf of a value json.Unmarshal put into an interface{}. */
function kindOf(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'map';
}

const isBasic = (v: unknown): boolean => {
  const k = kindOf(v);
  return k === 'string' || k === 'float64' || k === 'bool';
};

/** isSimpleArray (l. 249-274), including its early `return true` after the first map element. */
function isSimpleArray(a: readonly unknown[]): boolean {
  for (const x of a) {
    if (isBasic(x)) continue;
    if (!isJsonObject(x)) return false;
    return Object.values(x).every((v) => kindOf(v) === 'nil' || isBasic(v));
  }
  return true;
}

/** reflect.DeepEqual of two json.Unmarshal values. */
function deepEqual(a: unknown, b: unknown): boolean {
  const k = kindOf(a);
  if (k !== kindOf(b)) return false;
  if (k === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  }
  if (k === 'map') {
    const x = a as JsonObject;
    const y = b as JsonObject;
    const keys = Object.keys(x);
    return (
      keys.length === Object.keys(y).length &&
      keys.every((key) => Object.hasOwn(y, key) && deepEqual(x[key], y[key]))
    );
  }
  return a === b;
}

/** diff (l. 159-185) */
function diffMaps(a: JsonObject, b: JsonObject, path: string, out: TemplatePatchOp[]): void {
  for (const [key, bv] of Object.entries(b)) {
    const p = makePath(path, key);
    if (!Object.hasOwn(a, key)) out.push({ op: 'add', path: p });
    else handleValues(a[key], bv, p, out);
  }
  for (const key of Object.keys(a)) {
    if (!Object.hasOwn(b, key)) out.push({ op: 'remove', path: makePath(path, key) });
  }
}

/** handleValues (l. 187-238) */
function handleValues(av: unknown, bv: unknown, p: string, out: TemplatePatchOp[]): void {
  const at = kindOf(av);
  const bt = kindOf(bv);
  if (at === 'nil' && bt === 'nil') return;
  if (at === 'nil') return void out.push({ op: 'add', path: p });
  if (at !== bt) return void out.push({ op: 'replace', path: p });
  if (at === 'map') return diffMaps(av as JsonObject, bv as JsonObject, p, out);
  if (at !== 'array') {
    if (av !== bv) out.push({ op: 'replace', path: p });
    return;
  }
  const x = av as unknown[];
  const y = bv as unknown[];
  if (isSimpleArray(x) && isSimpleArray(y)) {
    out.push(...compareEditDistance(x, y, p));
    return;
  }
  const n = Math.min(x.length, y.length);
  for (let i = x.length - 1; i >= n; i--) out.push({ op: 'remove', path: makePath(p, i) });
  for (let i = n; i < y.length; i++) out.push({ op: 'add', path: makePath(p, i) });
  for (let i = 0; i < n; i++) handleValues(x[i], y[i], makePath(p, i), out);
}

/** compareEditDistance and backtrace (l. 278-336), the backtrace as a loop. */
function compareEditDistance(s: unknown[], t: unknown[], p: string): TemplatePatchOp[] {
  const m = s.length;
  const n = t.length;
  const d = Array.from({ length: m + 1 }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let j = 1; j <= n; j++) {
    for (let i = 1; i <= m; i++) {
      const row = d[i] ?? [];
      row[j] = deepEqual(s[i - 1], t[j - 1])
        ? at(i - 1, j - 1)
        : Math.min(at(i - 1, j - 1) + 1, Math.min(at(i, j - 1) + 1, at(i - 1, j) + 1));
    }
  }
  const out: TemplatePatchOp[] = [];
  let i = m;
  let j = n;
  for (;;) {
    if (i > 0 && at(i - 1, j) + 1 === at(i, j)) {
      out.push({ op: 'remove', path: makePath(p, i - 1) });
      i--;
    } else if (j > 0 && at(i, j - 1) + 1 === at(i, j)) {
      out.push({ op: 'add', path: makePath(p, i) });
      j--;
    } else if (i > 0 && j > 0 && at(i - 1, j - 1) + 1 === at(i, j)) {
      // Go checks s[0], not s[i-1], for a basic type.
      if (isBasic(s[0])) out.push({ op: 'replace', path: makePath(p, i - 1) });
      else handleValues(s[i - 1], t[j - 1], makePath(p, i - 1), out);
      i--;
      j--;
    } else if (i > 0 && j > 0 && at(i - 1, j - 1) === at(i, j)) {
      i--;
      j--;
    } else return out;
  }
}

/** json.Marshal of a template's spec, read back as json.Unmarshal into interface{} reads it. */
function marshalledSpec(spec: unknown): JsonObject {
  const template = JSON.parse(goMarshalAs('v1.PodTemplateSpec', { spec })) as JsonObject;
  const out = template['spec'];
  return isJsonObject(out) ? out : {};
}

/** CreatePatch(json.Marshal(old), json.Marshal(new)) of two pod template specs. */
export function templateSpecPatch(oldSpec: unknown, newSpec: unknown): TemplatePatchOp[] {
  const out: TemplatePatchOp[] = [];
  diffMaps(marshalledSpec(oldSpec), marshalledSpec(newSpec), '', out);
  return out;
}
