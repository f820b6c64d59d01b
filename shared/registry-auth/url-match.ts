/**
 * kubelet's registry glob matching (k8s.io/kubernetes@v1.28.9
 * pkg/credentialprovider/keyring.go `URLsMatchStr`), which both pull-secret
 * lookup and credential-provider `matchImages` use: glob and image are read
 * as scheme-less URLs; the ports must be equal, the hosts must have the same
 * number of dot-separated labels, each label is matched as a
 * `path/filepath.Match` pattern (`*` never crosses a dot), and the glob's
 * path must be a prefix of the image's.
 */

export interface SchemelessUrl {
  /** host[:port], as Go's url.URL.Host */
  readonly host: string;
  readonly path: string;
}

/** Go's url.Parse("https://" + s) reduced to Host and Path; undefined where Go fails. */
export function parseSchemelessUrl(s: string): SchemelessUrl | undefined {
  const rest = s.replace(/[?#].*$/s, '');
  const slash = rest.indexOf('/');
  const host = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  // Go refuses control characters anywhere, and spaces or '%' escapes that are not valid in a host.
  if (hasControlCharacter(s) || /[ %]/.test(host)) return undefined;
  if (host.includes('@')) return { host: host.slice(host.lastIndexOf('@') + 1), path };
  return { host, path };
}

/** Go's net.SplitHostPort, falling back to (host, '') on error as kubelet's SplitURL does. */
export function splitHostPort(hostport: string): { host: string; port: string } {
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end !== -1 && hostport[end + 1] === ':' && !hostport.slice(end + 2).includes(':'))
      return { host: hostport.slice(1, end), port: hostport.slice(end + 2) };
    return { host: hostport, port: '' };
  }
  const colon = hostport.lastIndexOf(':');
  if (colon === -1 || hostport.indexOf(':') !== colon) return { host: hostport, port: '' };
  return { host: hostport.slice(0, colon), port: hostport.slice(colon + 1) };
}

const escapeRegExp = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * path/filepath.Match on Linux as a RegExp: `*` any run of non-`/`, `?` one
 * non-`/`, `[...]` classes with `^` and ranges, `\` escapes; undefined for a
 * malformed pattern (Go's ErrBadPattern, which kubelet reads as no match).
 */
export function globRegExp(pattern: string): RegExp | undefined {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      const next = pattern[++i];
      if (next === undefined) return undefined;
      out += escapeRegExp(next);
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      if (pattern[j] === '^') {
        cls += '^';
        j++;
      }
      let ranges = 0;
      for (;;) {
        if (j >= pattern.length) return undefined;
        if (pattern[j] === ']' && ranges > 0) break;
        const lo = readClassChar(pattern, j);
        if (lo === undefined) return undefined;
        j = lo.next;
        let part = escapeRegExp(lo.char);
        if (pattern[j] === '-') {
          const hi = readClassChar(pattern, j + 1);
          if (hi === undefined || hi.char < lo.char) return undefined;
          j = hi.next;
          part += `-${escapeRegExp(hi.char)}`;
        }
        cls += part;
        ranges++;
      }
      // Negated classes never match '/' either.
      out += cls.startsWith('^') ? `[${cls}/]` : `[${cls}]`;
      i = j;
    } else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`, 's');
}

function readClassChar(p: string, j: number): { char: string; next: number } | undefined {
  const c = p[j];
  if (c === undefined || c === '-' || c === ']') return undefined;
  if (c !== '\\') return { char: c, next: j + 1 };
  const e = p[j + 1];
  return e === undefined ? undefined : { char: e, next: j + 2 };
}

/** kubelet's URLsMatchStr: does registry glob `glob` cover image `target`? */
export function urlsMatch(glob: string, target: string): boolean {
  const g = parseSchemelessUrl(glob);
  const t = parseSchemelessUrl(target);
  if (g === undefined || t === undefined) return false;
  const gh = splitHostPort(g.host);
  const th = splitHostPort(t.host);
  if (gh.port !== th.port) return false;
  const gParts = gh.host.split('.');
  const tParts = th.host.split('.');
  if (gParts.length !== tParts.length) return false;
  if (!t.path.startsWith(g.path)) return false;
  return gParts.every((part, k) => globRegExp(part)?.test(tParts[k] ?? '') === true);
}

/** Go's url.Parse refuses ASCII control characters anywhere. */
export const hasControlCharacter = (s: string): boolean =>
  [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
