/**
 * `/validate-apps-kruise-io-v1alpha1-sidecarset` (vsidecarset.kb.io, CREATE and
 * UPDATE): metadata, spec, (UPDATE) container immutability; on any error stop
 * there; else cross-SidecarSet conflicts. Denials use HTTP code 500, as
 * OpenKruise returns them through `admission.Errored(500, …)`.
 */
import type { DecodedSidecarContainer, DecodedSidecarSet } from '../../../shared/api/decoded.js';
import { allow, deny, type AdmissionInput, type Decision } from '../review/decision.js';
import type { FeatureGates } from '../../../shared/feature-gates.js';
import {
  aggregate,
  child,
  internalError,
  invalid,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { validateSidecarConflict, type NamespaceLabels } from './conflicts.js';
import {
  validateSidecarSetName,
  validateSidecarSetSpec,
  type RevisionLookup,
} from './validate-spec.js';

export const sidecarSetAllowedReason = 'allowed to be admitted';

export interface ValidateSidecarSetContext {
  /** Every SidecarSet in the cluster (the object itself may be among them). */
  readonly otherSidecarSets: readonly DecodedSidecarSet[];
  /** Set when listing SidecarSets failed: the list error's text. */
  readonly listError?: string;
  /** ConfigMap `kruise-configuration` data `SidecarSet_PatchPodMetadata_WhiteList`; undefined if absent. */
  readonly whitelist?: string | undefined;
  readonly gates: FeatureGates;
  /** Labels of the namespaces named by `spec.namespace` of this and the other SidecarSets. */
  readonly namespaceLabels: NamespaceLabels;
  /** Result of loading `spec.injectionStrategy.revision`, when it names one. */
  readonly revisionLookup?: RevisionLookup;
}

/** validateSidecarContainerConflict: upgradeType is immutable, containers cannot be added or renamed. */
export function validateContainerUpdate(
  next: readonly DecodedSidecarContainer[],
  old: readonly DecodedSidecarContainer[],
  path: string,
): ErrorList {
  const oldTypes = new Map(old.map((c) => [c.name ?? '', c.upgradeStrategy?.upgradeType ?? '']));
  const errs: ErrorList = [];
  for (const c of next) {
    const name = c.name ?? '';
    const previous = oldTypes.get(name);
    if (previous === undefined) {
      errs.push(invalid(child(path, 'name'), name, `container ${name} is not found`));
    } else if (previous !== '' && (c.upgradeStrategy?.upgradeType ?? '') !== previous) {
      errs.push(
        invalid(
          child(path, 'upgradeStrategy', 'upgradeType'),
          name,
          `container ${name} upgradeType is immutable`,
        ),
      );
    }
  }
  return errs;
}

/** The full ErrorList OpenKruise's validateSidecarSet builds. */
export function sidecarSetErrors(
  obj: DecodedSidecarSet,
  old: DecodedSidecarSet | null | undefined,
  ctx: ValidateSidecarSetContext,
): ErrorList {
  const errs = validateObjectMeta(obj.metadata, false, validateSidecarSetName, 'metadata');
  errs.push(
    ...validateSidecarSetSpec(obj, {
      whitelist: ctx.whitelist,
      patchMetadataDefaultsAllowed: ctx.gates.enabled('SidecarSetPatchPodMetadataDefaultsAllowed'),
      revisionLookup: ctx.revisionLookup,
      nativeSidecarInPlaceUpdate: ctx.gates.enabled('SidecarSetNativeSidecarInPlaceUpdate'),
    }),
  );
  if (old !== undefined) {
    errs.push(
      ...validateContainerUpdate(
        obj.spec?.containers ?? [],
        old?.spec?.containers ?? [],
        'spec.containers',
      ),
    );
  }
  if (errs.length > 0) return errs;
  if (ctx.listError !== undefined) {
    errs.push(internalError('', `query other sidecarsets failed, err: ${ctx.listError}`));
  }
  const others = ctx.listError === undefined ? ctx.otherSidecarSets : [];
  errs.push(...validateSidecarConflict(others, obj, ctx.namespaceLabels, 'spec'));
  return errs;
}

export function validateSidecarSet(
  input: AdmissionInput<DecodedSidecarSet>,
  ctx: ValidateSidecarSetContext,
): Decision {
  const old = input.operation === 'UPDATE' ? (input.oldObject ?? null) : undefined;
  const errs = sidecarSetErrors(input.object, old, ctx);
  return errs.length > 0 ? deny(500, aggregate(errs)) : allow(undefined, sidecarSetAllowedReason);
}
