/**
 * Building blocks for the API schemas. Why TypeBox: one value is both the
 * JSON Schema (turned into the CRD's structural `openAPIV3Schema` by
 * infra/manifests) and, through `Static<>`, the TypeScript type, so the two
 * cannot drift; it also carries enums, minimums and `required`, which an
 * interface cannot (STYLE.md, "One schema source").
 */
import { FormatRegistry, Type, type TLiteral, type TUnion } from '@sinclair/typebox';

/** RFC 3339 as Kubernetes writes metav1.Time (`2024-09-05T08:00:00Z`, optional fraction). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// TypeBox refuses strings with a format it does not know; register the ones
// the Kubernetes schemas use. Idempotent, so importing this twice is harmless.
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => RFC3339.test(v));
if (!FormatRegistry.Has('byte'))
  FormatRegistry.Set('byte', (v) => v.length % 4 === 0 && BASE64.test(v));

/** intstr.IntOrString: an integer or a string (`1`, `"25%"`). */
export const IntOrString = Type.Union([Type.Integer(), Type.String()], {
  'x-kubernetes-int-or-string': true,
});

/**
 * resource.Quantity: Kubernetes accepts a string (`500m`) or any JSON number
 * (`cpu: 0.5`). A structural schema cannot say "string or number", and
 * int-or-string would refuse `0.5`, so the CRD leaves this node open
 * (OpenKruise leaves whole containers open); parse<Kind> still checks it.
 */
export const Quantity = Type.Union([Type.String(), Type.Number()], {
  'x-kubernetes-preserve-unknown-fields': true,
});

/** map[string]string (labels, annotations, node selectors). */
export const StringMap = Type.Record(Type.String(), Type.String());

type LiteralsOf<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/**
 * A closed set of strings. The CRD builder turns it into `type: string` +
 * `enum`; parse<Kind> reports `"x" is not one of A, B`.
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
): TUnion<LiteralsOf<T> & TLiteral<string>[]> {
  const literals = values.map((v) => Type.Literal(v));
  return Type.Union(literals) as TUnion<LiteralsOf<T> & TLiteral<string>[]>;
}

/** int32 / int64 as Kubernetes declares them. */
export const Int32 = (options: { minimum?: number } = {}) =>
  Type.Integer({ format: 'int32', ...options });
export const Int64 = (options: { minimum?: number } = {}) =>
  Type.Integer({ format: 'int64', ...options });

/** metav1.Time on the wire. */
export const Time = () => Type.String({ format: 'date-time' });
