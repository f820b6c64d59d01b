/**
 * The patchPodMetadata whitelist (`kruise@v1.7.4:pkg/control/sidecarcontrol/util.go`
 * `ValidateSidecarSetPatchMetadataWhitelist`): ConfigMap `kruise-configuration`,
 * key `SidecarSet_PatchPodMetadata_WhiteList`. Returns the error text or undefined.
 */
import type { DecodedSidecarSet } from '../../../shared/api/decoded.js';
import { goJsonSyntaxError } from '../../../shared/go/json-syntax.js';
import { type LabelSelector } from '../../../shared/validation/label-selector.js';
import {
  labelSelectorAsSelector,
  matchesRequirements,
} from '../../../shared/validation/selector-match.js';

export const whitelistConfigMapName = 'kruise-configuration';
export const whitelistKey = 'SidecarSet_PatchPodMetadata_WhiteList';

interface WhitelistRule {
  selector?: LabelSelector | null;
  allowedAnnotationKeyExprs?: string[] | null;
}

/** Go regexp.Compile, approximated by a JS RegExp (RE2 syntax is a near-subset). */
function compileGoRegexp(expr: string): RegExp | string {
  try {
    return new RegExp(expr);
  } catch (err) {
    return `error parsing regexp: ${(err as Error).message}: \`${expr}\``;
  }
}

function parseWhitelist(value: string): { rules: WhitelistRule[] } | string {
  const syntax = goJsonSyntaxError(value);
  if (syntax !== undefined) return syntax;
  const parsed: unknown = JSON.parse(value);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return `json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type configuration.SidecarSetPatchMetadataWhiteList`;
  }
  const rules = (parsed as { rules?: unknown }).rules;
  if (rules !== undefined && rules !== null && !Array.isArray(rules)) {
    return `json: cannot unmarshal ${typeof rules} into Go struct field SidecarSetPatchMetadataWhiteList.rules of type []configuration.SidecarSetPatchMetadataWhiteRule`;
  }
  return { rules: (rules ?? []) as WhitelistRule[] };
}

/**
 * @param whitelist the ConfigMap's value under `whitelistKey`; undefined when
 *   the ConfigMap or the key is missing.
 */
export function whitelistError(
  obj: DecodedSidecarSet,
  whitelist: string | undefined,
  defaultsAllowed: boolean,
): string | undefined {
  const patches = obj.spec?.patchPodMetadata ?? [];
  if (patches.length === 0) return undefined;
  if (whitelist === undefined) {
    return defaultsAllowed ? undefined : 'SidecarSet patch metadata whitelist not found';
  }
  const parsed = parseWhitelist(whitelist);
  if (typeof parsed === 'string') return parsed;
  const regs: RegExp[] = [];
  const labels = obj.metadata?.labels ?? {};
  for (const rule of parsed.rules) {
    if (rule.selector !== undefined && rule.selector !== null) {
      const sel = labelSelectorAsSelector(rule.selector, 'pod selector');
      if (!sel.ok) return sel.error;
      const matches =
        sel.everything ||
        (sel.requirements.length > 0 && matchesRequirements(sel.requirements, labels));
      if (!matches) continue;
    }
    for (const expr of rule.allowedAnnotationKeyExprs ?? []) {
      const reg = compileGoRegexp(expr);
      if (typeof reg === 'string') return reg;
      regs.push(reg);
    }
  }
  if (regs.length === 0) {
    return defaultsAllowed ? undefined : 'sidecarSet patch metadata annotation is not allowed';
  }
  for (const patch of patches) {
    for (const key of Object.keys(patch.annotations ?? {}).sort()) {
      if (!regs.some((r) => r.test(key))) {
        return `sidecarSet patch metadata annotation(${key}) is not allowed`;
      }
    }
  }
  return undefined;
}
