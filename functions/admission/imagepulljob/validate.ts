/**
 * `/validate-apps-kruise-io-v1alpha1-imagepulljob` (vimagepulljob.kb.io,
 * CREATE and UPDATE): the KruiseDaemon and ImagePullJobGate gates (403), then
 * OpenKruise's checks in order, first failure wins (400)
 * (`kruise@v1.7.4:pkg/webhook/imagepulljob/validating/imagepulljob_create_update_handler.go`).
 */
import type { DecodedImagePullJob } from '../../../shared/api/decoded.js';
import { allow, deny, type AdmissionInput, type Decision } from '../review/decision.js';
import type { FeatureGates } from '../../../shared/feature-gates.js';
import { parseNormalizedNamed } from '../../../shared/image/docker-reference.js';
import { labelSelectorAsSelector } from '../../../shared/validation/selector-match.js';

const present = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/** OpenKruise's `validate`: the first problem's text, or undefined. */
export function imagePullJobError(obj: DecodedImagePullJob): string | undefined {
  const spec = obj.spec ?? {};
  const selector = spec.selector;
  if (present(selector)) {
    if (present(selector.matchLabels) || present(selector.matchExpressions)) {
      if (present(selector.names))
        return 'can not set both names and labelSelector in this spec.selector';
      const parsed = labelSelectorAsSelector(selector);
      if (!parsed.ok) return `invalid selector: ${parsed.error}`;
    }
    if (present(selector.names) && new Set(selector.names).size !== selector.names.length) {
      return 'duplicated name in selector names';
    }
  }
  if (present(spec.podSelector)) {
    if (present(selector)) return 'can not set both selector and podSelector';
    const parsed = labelSelectorAsSelector(spec.podSelector);
    if (!parsed.ok) return `invalid podSelector: ${parsed.error}`;
  }
  const image = spec.image ?? '';
  if (image.length === 0) return 'image can not be empty';
  const ref = parseNormalizedNamed(image);
  if (!ref.ok) return `invalid image ${image}: ${ref.error}`;
  const completion = spec.completionPolicy ?? {};
  const type = completion.type ?? '';
  if (type === 'Always') return undefined;
  if (type === 'Never') {
    return present(completion.activeDeadlineSeconds) || present(completion.ttlSecondsAfterFinished)
      ? 'activeDeadlineSeconds and ttlSecondsAfterFinished can only work with Always CompletionPolicyType'
      : undefined;
  }
  return `unknown type of completionPolicy: ${type}`;
}

export interface ValidateImagePullJobContext {
  readonly gates: FeatureGates;
}

export function validateImagePullJob(
  input: AdmissionInput<DecodedImagePullJob>,
  ctx: ValidateImagePullJobContext,
): Decision {
  for (const gate of ['KruiseDaemon', 'ImagePullJobGate'] as const) {
    if (!ctx.gates.enabled(gate)) return deny(403, `feature-gate ${gate} is not enabled`);
  }
  const err = imagePullJobError(input.object);
  return err === undefined ? allow(undefined, 'allowed') : deny(400, err);
}
