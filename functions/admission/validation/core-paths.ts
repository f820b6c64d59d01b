/**
 * Small checks of Kubernetes v1.28 core validation
 * (`k8s.io/kubernetes/pkg/apis/core/validation/validation.go`) shared by the
 * container and volume checks: paths, file modes, field selectors of the
 * downward API, key selectors. Line numbers name the Go source at v1.28.9.
 */
import { splitMaybeSubscriptedPath } from '../sidecarset/downward-api.js';
import {
  child,
  invalid,
  notSupported,
  required,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import {
  byteLength,
  isQualifiedName,
  maxLenError,
  nameIsDNSSubdomain,
  regexError,
} from '../../../shared/validation/names.js';

/** Go's `len(s) == 0` for an optional decoded string. */
export const empty = (s: string | null | undefined): boolean =>
  s === undefined || s === null || s === '';
/** A Go pointer, slice or map that is set (not nil). */
export const present = (v: unknown): boolean => v !== undefined && v !== null;
/** Go's `%#v` of a pointer: the address masked as maskGoPointers masks it. */
export const goPointer = (type: string, v: unknown): string =>
  `(${type})(${present(v) ? '0x…' : 'nil'})`;

/** path.IsAbs */
const isAbs = (p: string): boolean => p.startsWith('/');

/** validatePathNoBacksteps (validation.go:1214) */
export function validatePathNoBacksteps(targetPath: string, path: string): ErrorList {
  return targetPath.split('/').includes('..')
    ? [invalid(path, targetPath, "must not contain '..'")]
    : [];
}

/** validateLocalDescendingPath (validation.go:1199) */
export function validateLocalDescendingPath(targetPath: string, path: string): ErrorList {
  const errs: ErrorList = [];
  if (isAbs(targetPath)) errs.push(invalid(path, targetPath, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(targetPath, path));
  return errs;
}

/** validateLocalNonReservedPath (validation.go:1258) */
export function validateLocalNonReservedPath(targetPath: string, path: string): ErrorList {
  const errs = validateLocalDescendingPath(targetPath, path);
  if (targetPath.startsWith('..') && !targetPath.startsWith('../')) {
    errs.push(invalid(path, targetPath, "must not start with '..'"));
  }
  return errs;
}

export const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
/** The file mode checks (validation.go:905 and the like): undefined when valid or unset. */
export const badMode = (mode: number | null | undefined): boolean =>
  mode !== undefined && mode !== null && (mode > 0o777 || mode < 0);

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyRegexp = new RegExp(`^${configMapKeyFmt}$`);

/** apimachinery validation.IsConfigMapKey */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!configMapKeyRegexp.test(value)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        configMapKeyFmt,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** podshelper.ConvertDownwardAPIFieldLabel (pkg/api/pod/util.go): the error text, or the path. */
function convertDownwardAPIFieldLabel(
  version: string,
  label: string,
): { error?: string; path?: string } {
  if (version !== 'v1') return { error: `unsupported pod version: ${version}` };
  const [p, , ok] = splitMaybeSubscriptedPath(label);
  if (ok) {
    return p === 'metadata.annotations' || p === 'metadata.labels'
      ? { path: label }
      : { error: `field label does not support subscript: ${label}` };
  }
  const known = [
    'metadata.annotations',
    'metadata.labels',
    'metadata.name',
    'metadata.namespace',
    'metadata.uid',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.serviceAccountName',
    'spec.schedulerName',
    'status.phase',
    'status.hostIP',
    'status.hostIPs',
    'status.podIP',
    'status.podIPs',
  ];
  if (known.includes(label)) return { path: label };
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return { error: `field label not supported: ${label}` };
}

interface FieldSelector {
  readonly apiVersion?: string | null;
  readonly fieldPath?: string | null;
}

/** validateObjectFieldSelector (validation.go:2489) */
export function validateObjectFieldSelector(
  fs: FieldSelector,
  expressions: readonly string[],
  path: string,
): ErrorList {
  const apiVersion = fs.apiVersion ?? '';
  const fieldPath = fs.fieldPath ?? '';
  if (apiVersion === '') return [required(child(path, 'apiVersion'), '')];
  if (fieldPath === '') return [required(child(path, 'fieldPath'), '')];
  const converted = convertDownwardAPIFieldLabel(apiVersion, fieldPath);
  if (converted.error !== undefined) {
    return [
      invalid(
        child(path, 'fieldPath'),
        fieldPath,
        `error converting fieldPath: ${converted.error}`,
      ),
    ];
  }
  const [p, subscript, ok] = splitMaybeSubscriptedPath(converted.path ?? '');
  if (ok) {
    if (p === 'metadata.annotations') {
      return isQualifiedName(subscript.toLowerCase()).map((m) =>
        invalid(path, subscript.toLowerCase(), m),
      );
    }
    if (p === 'metadata.labels')
      return isQualifiedName(subscript).map((m) => invalid(path, subscript, m));
    return [invalid(path, p, 'does not support subscript')];
  }
  if (!expressions.includes(p))
    return [notSupported(child(path, 'fieldPath'), p, [...expressions].sort())];
  return [];
}

/** validateDownwardAPIHostIPs (validation.go:2524): OpenKruise sets AllowHostIPsField, so never an error. */
export const validateDownwardAPIHostIPs = (): ErrorList => [];

const HUGEPAGES_REQUESTS = 'requests.hugepages-';
const HUGEPAGES_LIMITS = 'limits.hugepages-';
export const CONTAINER_RESOURCE_FIELD_PATHS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

const BYTE_DIVISORS = [
  '1',
  '1k',
  '1M',
  '1G',
  '1T',
  '1P',
  '1E',
  '1Ki',
  '1Mi',
  '1Gi',
  '1Ti',
  '1Pi',
  '1Ei',
];
const byteDivisorMessage = (what: string) =>
  `only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the ${what} resource`;

/** validateContainerResourceDivisor (validation.go:2617); `divisor` is its canonical string ('0' unset). */
function validateContainerResourceDivisor(rName: string, divisor: string, path: string): ErrorList {
  if (divisor === '0') return [];
  const errs: ErrorList = [];
  const divPath = child(path, 'divisor');
  if (rName === 'limits.cpu' || rName === 'requests.cpu') {
    if (divisor !== '1m' && divisor !== '1') {
      errs.push(
        invalid(
          divPath,
          rName,
          "only divisor's values 1m and 1 are supported with the cpu resource",
        ),
      );
    }
  } else if (rName === 'limits.memory' || rName === 'requests.memory') {
    if (!BYTE_DIVISORS.includes(divisor))
      errs.push(invalid(divPath, rName, byteDivisorMessage('memory')));
  } else if (rName === 'limits.ephemeral-storage' || rName === 'requests.ephemeral-storage') {
    if (!BYTE_DIVISORS.includes(divisor)) {
      errs.push(invalid(divPath, rName, byteDivisorMessage('local ephemeral storage')));
    }
  }
  if (rName.startsWith(HUGEPAGES_REQUESTS) || rName.startsWith(HUGEPAGES_LIMITS)) {
    if (!BYTE_DIVISORS.includes(divisor))
      errs.push(invalid(divPath, rName, byteDivisorMessage('hugepages')));
  }
  return errs;
}

interface ResourceFieldSelector {
  readonly containerName?: string | null;
  readonly resource?: string | null;
}

/** validateContainerResourceFieldSelector (validation.go:2534); `divisor` canonical ('0' unset). */
export function validateContainerResourceFieldSelector(
  fs: ResourceFieldSelector,
  divisor: string,
  path: string,
  volume: boolean,
): ErrorList {
  const errs: ErrorList = [];
  const resource = fs.resource ?? '';
  if (volume && empty(fs.containerName)) errs.push(required(child(path, 'containerName'), ''));
  else if (resource === '') errs.push(required(child(path, 'resource'), ''));
  else if (!CONTAINER_RESOURCE_FIELD_PATHS.includes(resource)) {
    const prefixed =
      resource.startsWith(HUGEPAGES_LIMITS) || resource.startsWith(HUGEPAGES_REQUESTS);
    if (!prefixed)
      errs.push(notSupported(child(path, 'resource'), resource, CONTAINER_RESOURCE_FIELD_PATHS));
  }
  errs.push(...validateContainerResourceDivisor(resource, divisor, path));
  return errs;
}

interface KeySelector {
  readonly name?: string | null;
  readonly key?: string | null;
}

/** validateConfigMapKeySelector / validateSecretKeySelector (validation.go:2645, 2663) */
export function validateKeySelector(s: KeySelector, path: string): ErrorList {
  const errs: ErrorList = [];
  const name = s.name ?? '';
  errs.push(...nameIsDNSSubdomain(name, false).map((m) => invalid(child(path, 'name'), name, m)));
  const key = s.key ?? '';
  if (key === '') errs.push(required(child(path, 'key'), ''));
  else errs.push(...isConfigMapKey(key).map((m) => invalid(child(path, 'key'), key, m)));
  return errs;
}
