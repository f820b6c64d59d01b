/**
 * ObjectMeta validation of apimachinery v0.28 `api/validation/objectmeta.go`
 * (create and update), without managedFields (written by the apiserver).
 */
import type { DecodedObjectMeta } from '../../../shared/api/decoded.js';
import {
  child,
  forbidden,
  invalid,
  required,
  tooLong,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import { goPointer, goRaw, goSlice, goStringSlice, goStruct } from '../../../shared/go/format.js';
import { goQuote } from '../../../shared/go/quote.js';
import { validateLabels } from '../../../shared/validation/label-selector.js';
import { byteLength, isQualifiedName, nameIsDNSLabel } from '../../../shared/validation/names.js';

type OwnerReference = NonNullable<DecodedObjectMeta['ownerReferences']>[number];

export type NameValidator = (name: string, prefix: boolean) => string[];

const totalAnnotationSizeLimitB = 256 * (1 << 10);

export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
  path: string,
): ErrorList {
  const errs: ErrorList = [];
  const keys = Object.keys(annotations ?? {}).sort();
  for (const k of keys) {
    errs.push(...isQualifiedName(k.toLowerCase()).map((msg) => invalid(path, k, msg)));
  }
  const size = keys.reduce((n, k) => n + byteLength(k) + byteLength(annotations?.[k] ?? ''), 0);
  if (size > totalAnnotationSizeLimitB) errs.push(tooLong(path, '', totalAnnotationSizeLimitB));
  return errs;
}

/** `%#v` of a metav1.OwnerReference (pointer fields print an address). */
export const goOwnerReference = (ref: OwnerReference): string =>
  goStruct('v1.OwnerReference', [
    ['APIVersion', goQuote(ref.apiVersion ?? '')],
    ['Kind', goQuote(ref.kind ?? '')],
    ['Name', goQuote(ref.name ?? '')],
    ['UID', goQuote(ref.uid ?? '')],
    ['Controller', goPointer('bool', ref.controller !== undefined && ref.controller !== null)],
    [
      'BlockOwnerDeletion',
      goPointer('bool', ref.blockOwnerDeletion !== undefined && ref.blockOwnerDeletion !== null),
    ],
  ]);

export function validateOwnerReferences(refs: readonly OwnerReference[], path: string): ErrorList {
  const errs: ErrorList = [];
  let firstController = '';
  for (const ref of refs) {
    const apiVersion = ref.apiVersion ?? '';
    const slash = apiVersion.lastIndexOf('/');
    const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
    const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
    if (version === '')
      errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!ref.kind)
      errs.push(invalid(child(path, 'kind'), ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name)
      errs.push(invalid(child(path, 'name'), ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) errs.push(invalid(child(path, 'uid'), ref.uid ?? '', 'uid must not be empty'));
    if (group === '' && version === 'v1' && ref.kind === 'Event') {
      errs.push(
        invalid(
          path,
          goRaw(goOwnerReference(ref)),
          '/v1, Kind=Event is disallowed from being an owner',
        ),
      );
    }
    if (ref.controller === true) {
      const current = `${ref.kind ?? ''}/${ref.name ?? ''}`;
      if (firstController !== '') {
        errs.push(
          invalid(
            path,
            goRaw(goSlice('v1.OwnerReference', refs, goOwnerReference)),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else firstController = current;
    }
  }
  return errs;
}

function validateFinalizers(finalizers: readonly string[], path: string): ErrorList {
  const errs: ErrorList = [];
  for (const f of finalizers) errs.push(...isQualifiedName(f).map((msg) => invalid(path, f, msg)));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(
      invalid(
        path,
        goRaw(goStringSlice(finalizers)),
        'finalizer orphan and foregroundDeletion cannot be both set',
      ),
    );
  }
  return errs;
}

/** ValidateObjectMeta / ValidateObjectMetaAccessor. */
export function validateObjectMeta(
  meta: DecodedObjectMeta | undefined,
  requiresNamespace: boolean,
  nameFn: NameValidator,
  path: string,
): ErrorList {
  const m = meta ?? {};
  const errs: ErrorList = [];
  if (m.generateName) {
    for (const msg of nameFn(m.generateName, true)) {
      errs.push(invalid(child(path, 'generateName'), m.generateName, msg));
    }
  }
  if (!m.name) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  else
    for (const msg of nameFn(m.name, false)) errs.push(invalid(child(path, 'name'), m.name, msg));
  if (requiresNamespace) {
    if (!m.namespace) errs.push(required(child(path, 'namespace'), ''));
    else {
      for (const msg of nameIsDNSLabel(m.namespace, false)) {
        errs.push(invalid(child(path, 'namespace'), m.namespace, msg));
      }
    }
  } else if (m.namespace) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  if ((m.generation ?? 0) < 0) {
    errs.push(
      invalid(child(path, 'generation'), m.generation ?? 0, 'must be greater than or equal to 0'),
    );
  }
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences ?? [], child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers ?? [], child(path, 'finalizers')));
  return errs;
}
