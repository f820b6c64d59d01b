/**
 * Whether a name can address an object. The client puts an object's
 * namespace and name in the request path: URL parsing resolves `.` and `..`
 * away (a GET of pod `..` in `web` would read the Namespace `web`), and the
 * apiserver decodes `%2F` back into `/`, so `/` or `%` would address another
 * path. client-go refuses such names before any request (apimachinery
 * `IsValidPathSegmentName`, with its messages), and so does our client
 * (resource.ts); the reconcile intake refuses them before any I/O.
 */
import { goQuote } from '../go/quote.js';
import { KubeApiError } from './api-error.js';
const MAY_NOT_BE = ['.', '..'];
const MAY_NOT_CONTAIN = ['/', '%'];

/** apimachinery's problems with `name` as a path segment; empty when it is fine. */
export function pathSegmentProblems(name: string): string[] {
  for (const illegal of MAY_NOT_BE) if (name === illegal) return [`may not be '${illegal}'`];
  return MAY_NOT_CONTAIN.filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/**
 * Why the namespace or name at `path` (e.g. `objectRef`, prefixed to each
 * field) cannot address an object, or undefined when both can.
 */
export function unaddressable(
  path: { readonly name: string; readonly namespace: string },
  name: string,
  namespace: string | undefined,
): string | undefined {
  for (const [field, value] of [
    [path.namespace, namespace],
    [path.name, name],
  ] as const) {
    if (value === undefined) continue;
    const problems = pathSegmentProblems(value);
    if (problems.length > 0) return `${field}: ${JSON.stringify(value)} ${problems.join(', ')}`;
  }
  return undefined;
}

/**
 * client-go's refusal of a request whose name or namespace cannot be a path
 * segment (rest.Request's `invalid resource name %q: %v`): no request is sent.
 */
export class InvalidPathSegmentError extends KubeApiError {
  constructor(what: 'resource name' | 'namespace', value: string, problems: readonly string[]) {
    super(`invalid ${what} ${goQuote(value)}: [${problems.join(' ')}]`, { status: 0 });
  }
}
