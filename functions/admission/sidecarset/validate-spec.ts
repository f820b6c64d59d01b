/**
 * SidecarSet metadata and spec rules (`kruise@v1.7.4:pkg/webhook/sidecarset/validating/
 * sidecarset_create_update_handler.go` `validateSidecarSetSpec` and friends), in
 * OpenKruise's order, with its paths and texts.
 */
import type { DecodedSidecarSet } from '../../../shared/api/decoded.js';
import {
  child,
  invalid,
  required,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import { goRaw } from '../../../shared/go/format.js';
import { validatePositiveIntOrPercent } from '../../../shared/validation/int-or-string.js';
import {
  goLabelSelector,
  validateLabelSelector,
  type LabelSelector,
} from '../../../shared/validation/label-selector.js';
import { labelSelectorAsSelector } from '../../../shared/validation/selector-match.js';
import { regexError, maxLenError } from '../../../shared/validation/names.js';
import { priorityStrategyError, scatterStrategyError } from '../validation/update-strategy.js';
import { validateContainers, validatePatchPodMetadata } from './validate-containers.js';
import { goInjectRevision } from './go-values.js';

const nameFmt = '^[a-zA-Z0-9\\-]+$';
const nameRegexp = /^[a-zA-Z0-9-]+$/;

/** validateSidecarSetName */
export function validateSidecarSetName(name: string): string[] {
  const errs: string[] = [];
  if (!nameRegexp.test(name)) {
    errs.push(
      regexError(
        "sidecarset name must consist of alphanumeric characters or '-'",
        nameFmt,
        'example-com',
      ),
    );
  }
  if (Buffer.byteLength(name, 'utf8') > 63) errs.push(maxLenError(63));
  return errs;
}

/** Results the shell looked up for `injectionStrategy.revision` (GetHistorySidecarSet). */
export interface RevisionLookup {
  /** The lookup's error text (`<nil>` when nothing was found without an error); undefined = found. */
  readonly error?: string;
}

export interface SpecContext {
  readonly whitelist: string | undefined;
  readonly patchMetadataDefaultsAllowed: boolean;
  readonly revisionLookup: RevisionLookup | undefined;
  /**
   * Feature gate SidecarSetNativeSidecarInPlaceUpdate (kruise-fn's, beyond
   * OpenKruise 1.7): RollingUpdate is accepted with ColdUpgrade native
   * sidecars, which the controller then updates in place.
   */
  readonly nativeSidecarInPlaceUpdate?: boolean;
}

/**
 * A native sidecar (init container with `restartPolicy: Always`) that keeps
 * the SidecarSet on NotUpdate: any, as in OpenKruise; under the gate only a
 * HotUpgrade one, which the controller does not update in place.
 */
const blocksRollingUpdate = (
  c: NonNullable<NonNullable<DecodedSidecarSet['spec']>['initContainers']>[number],
  gate: boolean,
): boolean =>
  c.restartPolicy === 'Always' && (!gate || c.upgradeStrategy?.upgradeType === 'HotUpgrade');

function validateSelector(selector: LabelSelector, path: string): ErrorList {
  const errs = validateLabelSelector(selector, path);
  const shown = goRaw(goLabelSelector(selector));
  if (
    Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length ===
    0
  ) {
    errs.push(invalid(path, shown, 'empty selector is not valid for sidecarset.'));
  }
  if (!labelSelectorAsSelector(selector).ok) errs.push(invalid(child(path, 'selector'), shown, ''));
  return errs;
}

function validateInjectionStrategy(obj: DecodedSidecarSet, ctx: SpecContext): ErrorList {
  const revision = obj.spec?.injectionStrategy?.revision;
  if (revision === undefined || revision === null) return [];
  const errs: ErrorList = [];
  const hasName = typeof revision.revisionName === 'string';
  const hasCustom = typeof revision.customVersion === 'string';
  if (!hasName && !hasCustom) {
    errs.push(
      invalid(
        'revision',
        goRaw(goInjectRevision(revision)),
        'revisionName and customVersion cannot be empty simultaneously',
      ),
    );
  } else if (ctx.revisionLookup?.error !== undefined) {
    errs.push(
      invalid(
        'revision',
        null,
        `Cannot find specific ControllerRevision, err: ${ctx.revisionLookup.error}`,
      ),
    );
  }
  const policy = revision.policy ?? '';
  if (policy !== '' && policy !== 'Always') {
    errs.push(
      invalid(
        child('revision', 'policy'),
        goRaw(goInjectRevision(revision)),
        `Invalid policy ${policy}, only support 'Always' currently`,
      ),
    );
  }
  return errs;
}

function validateUpdateStrategy(obj: DecodedSidecarSet, path: string): ErrorList {
  const s = obj.spec?.updateStrategy ?? {};
  if (s.type !== 'RollingUpdate') return [];
  const errs: ErrorList = [];
  if (s.selector) errs.push(...validateSelector(s.selector, child(path, 'selector')));
  if (s.partition !== undefined && s.partition !== null) {
    errs.push(...validatePositiveIntOrPercent(s.partition, child(path, 'partition')));
  }
  if (s.maxUnavailable !== undefined && s.maxUnavailable !== null) {
    errs.push(...validatePositiveIntOrPercent(s.maxUnavailable, child(path, 'maxUnavailable')));
  }
  const priority = priorityStrategyError(s.priorityStrategy);
  if (priority !== undefined) errs.push(required(child(path, 'priorityStrategy'), priority));
  const scatter = scatterStrategyError(s.scatterStrategy);
  if (scatter !== undefined) errs.push(required(child(path, 'scatterStrategy'), scatter));
  return errs;
}

/** validateSidecarSetSpec at `spec`. */
export function validateSidecarSetSpec(obj: DecodedSidecarSet, ctx: SpecContext): ErrorList {
  const path = 'spec';
  const spec = obj.spec ?? {};
  const errs: ErrorList = [];
  for (const c of spec.initContainers ?? []) {
    if (
      blocksRollingUpdate(c, ctx.nativeSidecarInPlaceUpdate === true) &&
      spec.updateStrategy?.type === 'RollingUpdate'
    ) {
      errs.push(
        required(
          child(path, 'updateStrategy'),
          'The initContainer in-place upgrade is not currently supported.',
        ),
      );
    }
  }
  if (spec.selector === undefined || spec.selector === null) {
    errs.push(required(child(path, 'selector'), 'no selector defined for SidecarSet'));
  } else {
    errs.push(...validateSelector(spec.selector, child(path, 'selector')));
  }
  const nsSelector = spec.namespaceSelector;
  if (spec.namespace && nsSelector !== undefined && nsSelector !== null) {
    errs.push(
      required(
        child(path, 'namespace, namespaceSelector'),
        'namespace and namespaceSelector are mutually exclusive',
      ),
    );
  } else if (nsSelector !== undefined && nsSelector !== null) {
    errs.push(...validateSelector(nsSelector, child(path, 'namespaceSelector')));
  }
  errs.push(...validateInjectionStrategy(obj, ctx));
  errs.push(...validateUpdateStrategy(obj, child(path, 'updateStrategy')));
  if ((spec.initContainers ?? []).length === 0 && (spec.containers ?? []).length === 0) {
    errs.push(required(path, 'no initContainer or container defined for SidecarSet'));
  } else {
    errs.push(...validateContainers(obj, path));
  }
  errs.push(...validatePatchPodMetadata(obj, child(path, 'patchPodMetadata'), ctx));
  return errs;
}
