/**
 * Cross-SidecarSet conflicts (`kruise@v1.7.4:pkg/webhook/sidecarset/validating/`
 * `validateSidecarConflict`, `isSidecarSetNamespaceOverlapping`): two
 * SidecarSets that can select the same pod must not inject containers or
 * volumes of the same name (volumes: unless identical) nor overwrite the same
 * pod annotation.
 */
import type { DecodedSidecarSet } from '../../../shared/api/decoded.js';
import { isDeepStrictEqual } from 'node:util';
import { child, invalid, type ErrorList } from '../../../shared/validation/field-error.js';
import { type LabelSelector } from '../../../shared/validation/label-selector.js';
import {
  isSelectorOverlapping,
  labelSelectorAsSelector,
  matchesRequirements,
} from '../../../shared/validation/selector-match.js';

/** Namespace name → its labels, for the namespaces the SidecarSets name. */
export type NamespaceLabels = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** sidecarcontrol.IsSelectorNamespace: a missing namespace or a bad selector never matches. */
function isSelectorNamespace(
  ns: string,
  selector: LabelSelector | null | undefined,
  namespaces: NamespaceLabels,
): boolean {
  // a nil selector is labels.Nothing(): it matches no namespace
  if (selector === undefined || selector === null) return false;
  const sel = labelSelectorAsSelector(selector, 'pod selector');
  const labels = namespaces[ns];
  if (!sel.ok || labels === undefined) return false;
  return (
    sel.everything || (sel.requirements.length > 0 && matchesRequirements(sel.requirements, labels))
  );
}

const present = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

export function isNamespaceOverlapping(
  origin: DecodedSidecarSet,
  other: DecodedSidecarSet,
  namespaces: NamespaceLabels,
): boolean {
  const originNs = origin.spec?.namespace ?? '';
  const otherNs = other.spec?.namespace ?? '';
  if (originNs !== '' && otherNs !== '' && originNs !== otherNs) return false;
  const originSel = origin.spec?.namespaceSelector;
  const otherSel = other.spec?.namespaceSelector;
  if (present(originSel) && present(otherSel) && !isSelectorOverlapping(originSel, otherSel))
    return false;
  if (originNs !== '' && present(otherSel) && !isSelectorNamespace(originNs, otherSel, namespaces))
    return false;
  // Quirk kept from OpenKruise: the other's namespace is tested against the other's own selector.
  if (otherNs !== '' && present(originSel) && !isSelectorNamespace(otherNs, otherSel, namespaces)) {
    return false;
  }
  return true;
}

/** Go drops JSON nulls when decoding into structs; compare what Go would compare. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null && x !== undefined)
        .map(([k, x]) => [k, withoutNulls(x)]),
    );
  }
  return v;
}

export function validateSidecarConflict(
  others: readonly DecodedSidecarSet[],
  obj: DecodedSidecarSet,
  namespaces: NamespaceLabels,
  path: string,
): ErrorList {
  const name = obj.metadata?.name ?? '';
  const selector = obj.spec?.selector ?? {};
  const initIn = new Map<string, DecodedSidecarSet>();
  const containerIn = new Map<string, DecodedSidecarSet>();
  const volumeIn = new Map<string, DecodedSidecarSet>();
  const annotationIn = new Map<string, { set: string; policy: string }>();
  for (const set of others) {
    if (!isNamespaceOverlapping(obj, set, namespaces)) continue;
    if (!isSelectorOverlapping(selector, set.spec?.selector ?? {})) continue;
    if ((set.metadata?.name ?? '') === name) continue;
    for (const c of set.spec?.initContainers ?? []) initIn.set(c.name ?? '', set);
    for (const c of set.spec?.containers ?? []) containerIn.set(c.name ?? '', set);
    for (const v of set.spec?.volumes ?? []) volumeIn.set(v.name ?? '', set);
    for (const patch of set.spec?.patchPodMetadata ?? []) {
      if (patch.patchPolicy === 'Retain') continue;
      for (const key of Object.keys(patch.annotations ?? {})) {
        annotationIn.set(key, { set: set.metadata?.name ?? '', policy: patch.patchPolicy ?? '' });
      }
    }
  }
  const errs: ErrorList = [];
  const conflict = (cName: string, other: DecodedSidecarSet) =>
    invalid(
      child(path, 'containers'),
      cName,
      `container ${cName} already exist in ${other.metadata?.name ?? ''}`,
    );
  for (const c of obj.spec?.initContainers ?? []) {
    const other = initIn.get(c.name ?? '');
    if (other) errs.push(conflict(c.name ?? '', other));
  }
  for (const c of obj.spec?.containers ?? []) {
    const other = containerIn.get(c.name ?? '');
    if (other) errs.push(conflict(c.name ?? '', other));
  }
  for (const v of obj.spec?.volumes ?? []) {
    const other = volumeIn.get(v.name ?? '');
    if (!other) continue;
    const theirs = (other.spec?.volumes ?? []).find((x) => x.name === v.name);
    if (!isDeepStrictEqual(withoutNulls(v), withoutNulls(theirs))) {
      errs.push(
        invalid(
          child(path, 'volumes'),
          v.name ?? '',
          `volume ${v.name ?? ''} is in conflict with sidecarset ${other.metadata?.name ?? ''}`,
        ),
      );
    }
  }
  for (const patch of obj.spec?.patchPodMetadata ?? []) {
    if (patch.patchPolicy === 'Retain') continue;
    for (const key of Object.keys(patch.annotations ?? {}).sort()) {
      const other = annotationIn.get(key);
      if (!other) continue;
      if (patch.patchPolicy === 'Overwrite' || other.policy === 'Overwrite') {
        errs.push(
          invalid(
            child(path, 'patchPodMetadata'),
            key,
            `annotation ${key} is in conflict with sidecarset ${other.set}`,
          ),
        );
      }
    }
  }
  return errs;
}
