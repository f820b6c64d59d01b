/**
 * RFC 7386 JSON merge patch exactly as OpenKruise applies it to pod
 * annotations (`github.com/evanphx/json-patch` v5.6.0 `MergePatch`): objects
 * that are merged are re-marshalled with sorted keys, untouched values keep
 * their original text (compacted), nulls in added values are pruned, and
 * errors are `Invalid JSON Document` / `Invalid JSON Patch`.
 */
import { compareGoKeys, goCompact, goJsonString } from '../go/json.js';
import { goJsonSyntaxError } from '../go/json-syntax.js';

export const BAD_JSON_DOC = 'Invalid JSON Document';
export const BAD_JSON_PATCH = 'Invalid JSON Patch';

/** End index (exclusive) of the JSON value starting at `start` in valid JSON `text`. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 0) return i + 1;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && /[\s,:\]}]/.test(text[i + 1] ?? ' ')) return i + 1;
  }
  return i;
}

const skipSpace = (text: string, i: number): number => {
  let j = i;
  while (/\s/.test(text[j] ?? '')) j++;
  return j;
};

/** A json-patch lazyNode: raw text until it has to be read as an object or array. */
class LazyNode {
  doc: Map<string, LazyNode | null> | undefined;
  ary: (LazyNode | null)[] | undefined;
  constructor(readonly raw: string) {}

  /** Members (or elements) of a raw object (array) text; JSON null values become null. */
  private members(open: string): { key: string; node: LazyNode | null }[] | undefined {
    const text = this.raw;
    if (text[0] !== open) return undefined;
    const out: { key: string; node: LazyNode | null }[] = [];
    let i = skipSpace(text, 1);
    if (text[i] === (open === '{' ? '}' : ']')) return out;
    for (;;) {
      let key = '';
      if (open === '{') {
        const keyEnd = valueEnd(text, i);
        key = JSON.parse(text.slice(i, keyEnd)) as string;
        i = skipSpace(text, skipSpace(text, keyEnd) + 1);
      }
      const end = valueEnd(text, i);
      const raw = text.slice(i, end);
      out.push({ key, node: raw === 'null' ? null : new LazyNode(raw) });
      i = skipSpace(text, end);
      if (text[i] !== ',') return out;
      i = skipSpace(text, i + 1);
    }
  }

  asObjectMap(): Map<string, LazyNode | null> | undefined {
    if (this.doc === undefined && this.ary === undefined) {
      const members = this.members('{');
      if (members !== undefined) this.doc = new Map(members.map((m) => [m.key, m.node]));
    }
    return this.doc;
  }

  intoAry(): (LazyNode | null)[] | undefined {
    if (this.doc === undefined && this.ary === undefined) {
      this.ary = this.members('[')?.map((m) => m.node);
    }
    return this.ary;
  }

  marshal(): string {
    if (this.doc !== undefined) return marshalDoc(this.doc);
    if (this.ary !== undefined) return `[${this.ary.map((n) => n?.marshal() ?? 'null').join(',')}]`;
    return goCompact(this.raw);
  }
}

function marshalDoc(doc: Map<string, LazyNode | null>): string {
  const keys = [...doc.keys()].sort(compareGoKeys);
  return `{${keys.map((k) => `${goJsonString(k)}:${doc.get(k)?.marshal() ?? 'null'}`).join(',')}}`;
}

function pruneNulls(node: LazyNode): void {
  const doc = node.asObjectMap();
  if (doc !== undefined) pruneDocNulls(doc);
  else node.intoAry()?.forEach((item) => item && pruneNulls(item));
}

function pruneDocNulls(doc: Map<string, LazyNode | null>): void {
  for (const [key, value] of doc) {
    if (value === null) doc.delete(key);
    else pruneNulls(value);
  }
}

function merge(cur: LazyNode, patch: LazyNode): LazyNode {
  const curDoc = cur.asObjectMap();
  if (curDoc === undefined) {
    pruneNulls(patch);
    return patch;
  }
  const patchDoc = patch.asObjectMap();
  if (patchDoc === undefined) return patch;
  mergeDocs(curDoc, patchDoc);
  return cur;
}

function mergeDocs(doc: Map<string, LazyNode | null>, patch: Map<string, LazyNode | null>): void {
  for (const [key, value] of patch) {
    if (value === null) {
      doc.delete(key);
      continue;
    }
    const cur = doc.get(key);
    if (cur === undefined || cur === null) {
      pruneNulls(value);
      doc.set(key, value);
    } else doc.set(key, merge(cur, value));
  }
}

/** `jsonpatch.MergePatch(doc, patch)`; throws Error with the library's message. */
export function mergePatch(docText: string, patchText: string): string {
  if (goJsonSyntaxError(docText) !== undefined) throw new Error(BAD_JSON_DOC);
  if (goJsonSyntaxError(patchText) !== undefined) throw new Error(BAD_JSON_PATCH);
  const doc = new LazyNode(docText.trim());
  const patch = new LazyNode(patchText.trim());
  if (doc.raw === 'null') throw new Error(BAD_JSON_DOC);
  if (patch.raw === 'null') throw new Error(BAD_JSON_PATCH);
  const docMap = doc.asObjectMap();
  const patchMap = patch.asObjectMap();
  if (docMap !== undefined && patchMap !== undefined) {
    mergeDocs(docMap, patchMap);
    return marshalDoc(docMap);
  }
  if (patchMap !== undefined) {
    pruneDocNulls(patchMap);
    return marshalDoc(patchMap);
  }
  const patchAry = patch.intoAry();
  if (patchAry === undefined) throw new Error(BAD_JSON_PATCH);
  pruneNulls(patch);
  return patch.marshal();
}
