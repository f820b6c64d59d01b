/**
 * The YAML input of `kruise-fn explain`: one file's documents, or the
 * documents of every `.yaml`, `.yml` and `.json` file of a folder (not
 * recursive, in name order). A file that cannot be read or parsed is an
 * ExplainInputError naming the file, never a stack.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KruiseFnError } from '../../../shared/errors.js';
import { isJsonObject, type JsonObject } from '../../../shared/json.js';

/** Input the command cannot use: a missing file, bad YAML, a document of the wrong kind. */
export class ExplainInputError extends KruiseFnError {
  override readonly code: number = 400;
}

export interface SourcedDocument {
  /** `<file>` for a file's only document, else `<file>#<n>` (1-based). */
  readonly source: string;
  readonly object: JsonObject;
}

const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
};

/** `<path>: <reason>`, the reason as the shell's tools word it. */
function ioError(path: string, err: unknown): ExplainInputError {
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  const reason =
    typeof code === 'string' && Object.hasOwn(SYSTEM_REASONS, code)
      ? SYSTEM_REASONS[code]
      : err instanceof Error
        ? err.message
        : String(err);
  return new ExplainInputError(`${path}: ${reason}`, { cause: err });
}

/** The text of `file`, or an ExplainInputError naming it. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw ioError(file, err);
  }
}

/** Every non-empty document of `file`; each must be a mapping. */
export function readDocuments(file: string): SourcedDocument[] {
  const text = readText(file);
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return [];
  const values = docs.map((doc, i) => {
    const [error] = doc.errors;
    if (error !== undefined) {
      throw new ExplainInputError(`${file}: invalid YAML: ${error.message.split('\n')[0]}`);
    }
    return { index: i + 1, value: doc.toJS() as unknown };
  });
  const present = values.filter((v) => v.value !== null && v.value !== undefined);
  return present.map(({ index, value }) => {
    const source = docs.length === 1 ? file : `${file}#${index}`;
    if (!isJsonObject(value)) throw new ExplainInputError(`${source}: not a YAML mapping`);
    return { source, object: value };
  });
}

const MANIFEST = /\.(ya?ml|json)$/;

/** The documents of every manifest file directly in `dir`, in file name order. */
export function readDirectory(dir: string): SourcedDocument[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw ioError(dir, err);
  }
  return names
    .filter((n) => MANIFEST.test(n))
    .sort()
    .flatMap((n) => readDocuments(join(dir, n)));
}
