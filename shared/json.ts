/** JSON values as decoded from a request or an API answer. */

/** A decoded JSON object. */
export type JsonObject = { [key: string]: unknown };

/** A JSON object: not null, not an array. */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
