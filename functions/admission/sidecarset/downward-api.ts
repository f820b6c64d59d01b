/**
 * transferEnv `sourceContainerNameFrom.fieldRef` checks
 * (`kruise@v1.7.4:pkg/webhook/sidecarset/validating/sidecarset_create_update_handler.go`
 * `validateDownwardAPI`, `sidecarcontrol.ConvertDownwardAPIFieldLabel`).
 */
import type { DecodedTransferEnvVar } from '../../../shared/api/decoded.js';
import {
  child,
  invalid,
  required,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import { isQualifiedName } from '../../../shared/validation/names.js';

/** fieldpath.SplitMaybeSubscriptedPath */
export function splitMaybeSubscriptedPath(fieldPath: string): [string, string, boolean] {
  if (!fieldPath.endsWith("']")) return [fieldPath, '', false];
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return [fieldPath, '', false];
  return [s.slice(0, at), s.slice(at + 2), true];
}

/** sidecarcontrol.ConvertDownwardAPIFieldLabel: the error text, or undefined. */
export function convertDownwardAPIFieldLabelError(
  version: string,
  label: string,
): string | undefined {
  if (version !== 'v1') return `unsupported pod version: ${version}`;
  const [path, , ok] = splitMaybeSubscriptedPath(label);
  if (!ok) return `field label not supported: ${label}`;
  if (path === 'metadata.annotations' || path === 'metadata.labels') return undefined;
  return `field path not supported: ${path}`;
}

function validateObjectFieldSelector(
  fs: { apiVersion?: string | null; fieldPath?: string | null },
  path: string,
): ErrorList {
  if (!fs.apiVersion) return [required(child(path, 'apiVersion'), '')];
  if (!fs.fieldPath) return [required(child(path, 'fieldPath'), '')];
  const err = convertDownwardAPIFieldLabelError(fs.apiVersion, fs.fieldPath);
  if (err !== undefined) {
    return [invalid(child(path, 'fieldPath'), fs.fieldPath, `error converting fieldPath: ${err}`)];
  }
  const [field, subscript] = splitMaybeSubscriptedPath(fs.fieldPath);
  const name = field === 'metadata.annotations' ? subscript.toLowerCase() : subscript;
  return isQualifiedName(name).map((msg) => invalid(path, subscript, msg));
}

export function validateTransferEnv(
  envs: readonly DecodedTransferEnvVar[] | null | undefined,
  path: string,
): ErrorList {
  const errs: ErrorList = [];
  for (const env of envs ?? []) {
    const fieldRef = env.sourceContainerNameFrom?.fieldRef;
    if (fieldRef) errs.push(...validateObjectFieldSelector(fieldRef, child(path, 'fieldRef')));
  }
  return errs;
}
