/**
 * Go value printing, as the field errors of k8s.io/apimachinery v0.28
 * (`util/validation/field`) print bad values: scalars with `%v`/`%q`,
 * everything else with `%#v`. The helpers render the `%#v` shapes
 * OpenKruise's messages contain (maps, slices, structs, pointers), so
 * messages match the Go text byte for byte.
 */
import { goQuote } from './quote.js';
import { compareGoStrings } from './utf8.js';

/** A value already rendered in Go syntax (`%#v` or a Stringer). */
export interface GoRaw {
  readonly go: string;
}

/**
 * What a field error may carry as its bad value: a string (`%q`), a Go
 * integer or bool (`%v`), `null` for nil (printed `"null"`), or raw Go text.
 */
export type GoValue = string | number | boolean | null | GoRaw;

export const goRaw = (go: string): GoRaw => ({ go });

/** `%#v` of a `map[string]string` (nil when undefined); fmt sorts map keys by their bytes. */
export function goStringMap(m: Readonly<Record<string, string>> | undefined | null): string {
  if (m === undefined || m === null) return 'map[string]string(nil)';
  const entries = Object.keys(m)
    .sort(compareGoStrings)
    .map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** `%#v` of a `[]string` (nil when undefined). */
export function goStringSlice(values: readonly string[] | undefined | null): string {
  if (values === undefined || values === null) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** `%#v` of a `[]int` (nil when undefined). */
export function goIntSlice(values: readonly number[] | undefined | null): string {
  if (values === undefined || values === null) return '[]int(nil)';
  return `[]int{${values.join(', ')}}`;
}

/** `%#v` of a slice of structs, each rendered by `item`. */
export function goSlice<T>(
  typeName: string,
  values: readonly T[] | undefined | null,
  item: (v: T) => string,
): string {
  if (values === undefined || values === null) return `[]${typeName}(nil)`;
  return `[]${typeName}{${values.map(item).join(', ')}}`;
}

/** `%#v` of a struct: `pkg.Type{Field:value, …}` with fields in declaration order. */
export function goStruct(
  typeName: string,
  fields: ReadonlyArray<readonly [string, string]>,
): string {
  return `${typeName}{${fields.map(([k, v]) => `${k}:${v}`).join(', ')}}`;
}

/**
 * `%#v` of a pointer field inside a struct. Go prints the heap address,
 * which differs on every run and which no user or controller can rely on;
 * a fixed heap-like address stands in for it, and tests compare messages
 * with addresses masked (maskGoPointers).
 */
export function goPointer(typeName: string, present: boolean): string {
  return present ? `(*${typeName})(0xc000010000)` : `(*${typeName})(nil)`;
}

/** Text with every `(0x…)` pointer address masked, for comparing messages. */
export const maskGoPointers = (text: string): string => text.replace(/\(0x[0-9a-f]+\)/g, '(0x…)');
