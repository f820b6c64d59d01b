/**
 * ObjectMeta update validation of apimachinery v0.28
 * `api/validation/objectmeta.go` (`ValidateObjectMetaUpdate`).
 */
import {
  child,
  forbidden,
  invalid,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import { goRaw, goStringSlice, type GoValue } from '../../../shared/go/format.js';
import { goTimeString } from '../../../shared/go/time.js';
import { validateLabels } from '../../../shared/validation/label-selector.js';
import type { DecodedObjectMeta } from '../../../shared/api/decoded.js';
import { validateAnnotations, validateOwnerReferences } from './object-meta.js';

const immutable = (newVal: unknown, oldVal: unknown, path: string, shown: GoValue) =>
  JSON.stringify(newVal ?? null) === JSON.stringify(oldVal ?? null)
    ? []
    : [invalid(path, shown, 'field is immutable')];

/** ValidateObjectMetaUpdate / ValidateObjectMetaAccessorUpdate. */
export function validateObjectMetaUpdate(
  newMeta: DecodedObjectMeta | undefined,
  oldMeta: DecodedObjectMeta | undefined,
  path: string,
): ErrorList {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: ErrorList = [];
  if (o.deletionTimestamp) {
    const extra = [...new Set(n.finalizers ?? [])]
      .filter((f) => !(o.finalizers ?? []).includes(f))
      .sort();
    if (extra.length > 0) {
      errs.push(
        forbidden(
          child(path, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
        ),
      );
    }
  }
  if (!n.resourceVersion) {
    errs.push(
      invalid(
        child(path, 'resourceVersion'),
        n.resourceVersion ?? '',
        'must be specified for an update',
      ),
    );
  }
  if ((n.generation ?? 0) < (o.generation ?? 0)) {
    errs.push(invalid(child(path, 'generation'), n.generation ?? 0, 'must not be decremented'));
  }
  errs.push(...immutable(n.name, o.name, child(path, 'name'), n.name ?? ''));
  errs.push(...immutable(n.namespace, o.namespace, child(path, 'namespace'), n.namespace ?? ''));
  errs.push(...immutable(n.uid, o.uid, child(path, 'uid'), n.uid ?? ''));
  errs.push(
    ...immutable(
      n.creationTimestamp,
      o.creationTimestamp,
      child(path, 'creationTimestamp'),
      goRaw(goTimeString(n.creationTimestamp ?? '0001-01-01T00:00:00Z')),
    ),
  );
  errs.push(
    ...immutable(
      n.deletionTimestamp,
      o.deletionTimestamp,
      child(path, 'deletionTimestamp'),
      n.deletionTimestamp ? goRaw(goTimeString(n.deletionTimestamp)) : null,
    ),
  );
  errs.push(
    ...immutable(
      n.deletionGracePeriodSeconds,
      o.deletionGracePeriodSeconds,
      child(path, 'deletionGracePeriodSeconds'),
      n.deletionGracePeriodSeconds ?? null,
    ),
  );
  errs.push(...validateLabels(n.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(n.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(n.ownerReferences ?? [], child(path, 'ownerReferences')));
  return errs;
}
