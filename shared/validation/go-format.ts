/**
 * Go value printing, as the Kubernetes field errors of k8s.io/apimachinery
 * v0.28 print bad values: scalars with `%v`/`%q`, everything else with `%#v`.
 * The helpers render the `%#v` shapes OpenKruise's messages contain (maps,
 * slices, structs), so messages match the Go text byte for byte.
 */

/** A value already rendered in Go syntax (`%#v` or a Stringer). */
export interface GoRaw {
  readonly go: string;
}

/** What a field error may carry as its bad value. `null` prints as `"null"` (nil pointer). */
export type GoValue = string | number | boolean | null | GoRaw;

export const goRaw = (go: string): GoRaw => ({ go });

const shortEscapes: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** strconv.Quote: printable runes kept, the rest escaped the way Go does. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const short = shortEscapes[ch];
    if (short !== undefined) out += short;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${hex(cp, 4)}`;
    else if (cp === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** `%#v` of a `map[string]string` (nil when undefined); Go sorts map keys. */
export function goStringMap(m: Readonly<Record<string, string>> | undefined | null): string {
  if (m === undefined || m === null) return 'map[string]string(nil)';
  const entries = Object.keys(m)
    .sort()
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
 * `%#v` of a pointer field inside a struct. Go prints the address, which is
 * not reproducible; a fixed heap-like address stands in for it.
 */
export function goPointer(typeName: string, present: boolean): string {
  return present ? `(*${typeName})(0xc000010000)` : `(*${typeName})(nil)`;
}
