/**
 * ValidatePodSpecificAnnotations of k8s.io/kubernetes v1.28.9
 * (`pkg/apis/core/validation/validation.go:156-179`), as OpenKruise calls it
 * for a workload's pod template with `webhookutil.DefaultPodValidationOptions`
 * (`kruise@v1.7.4:pkg/webhook/util/pod_validation.go:22`): the mirror-pod
 * annotation, the seccomp and the AppArmor annotations. The pod deletion
 * cost is not checked (those options allow an invalid one). Not built: the
 * legacy `scheduler.alpha.kubernetes.io/tolerations` annotation.
 *
 * Go ranges over the annotations map in random order; we take the keys
 * sorted, so several errors come in one order.
 */
import type { DecodedPodSpec } from '../../../shared/api/decoded.js';
import { goQuote } from '../../../shared/go/quote.js';
import { child, invalid, key, type ErrorList } from '../../../shared/validation/field-error.js';

const MIRROR = 'kubernetes.io/config.mirror';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** validateLocalDescendingPath and validatePathNoBacksteps (validation.go:1199-1225). */
function validateLocalDescendingPath(target: string, path: string): ErrorList {
  const errs: ErrorList = [];
  if (target.startsWith('/')) errs.push(invalid(path, target, 'must be a relative path'));
  if (target.split('/').includes('..')) errs.push(invalid(path, target, "must not contain '..'"));
  return errs;
}

/** ValidateSeccompProfile (validation.go:4438-4449) */
function validateSeccompProfile(profile: string, path: string): ErrorList {
  if (profile === 'runtime/default' || profile === 'docker/default' || profile === 'unconfined') {
    return [];
  }
  if (profile.startsWith('localhost/')) {
    return validateLocalDescendingPath(profile.slice('localhost/'.length), path);
  }
  return [invalid(path, profile, 'must be a valid seccomp profile')];
}

/** ValidateAppArmorProfileFormat (validation.go:4496-4504) */
function appArmorProfileError(profile: string): string | undefined {
  if (profile === '' || profile === 'runtime/default' || profile === 'unconfined') return undefined;
  return profile.startsWith('localhost/')
    ? undefined
    : `invalid AppArmor profile name: ${goQuote(profile)}`;
}

/** podSpecHasContainer: init, app or ephemeral. */
const hasContainer = (spec: DecodedPodSpec | undefined, name: string): boolean =>
  [spec?.initContainers, spec?.containers, spec?.ephemeralContainers].some((list) =>
    (list ?? []).some((c) => c.name === name),
  );

export function validatePodSpecificAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
  spec: DecodedPodSpec | undefined,
  path: string,
): ErrorList {
  const all = annotations ?? {};
  const keys = Object.keys(all).sort();
  const errs: ErrorList = [];
  const mirror = all[MIRROR];
  if (mirror !== undefined && !spec?.nodeName) {
    errs.push(
      invalid(key(path, MIRROR), mirror, 'must set spec.nodeName if mirror pod annotation is set'),
    );
  }
  // ValidateSeccompPodAnnotations (validation.go:4451-4463): fldPath.Child, so dots, not brackets.
  const pod = all[SECCOMP_POD];
  if (pod !== undefined) errs.push(...validateSeccompProfile(pod, child(path, SECCOMP_POD)));
  for (const k of keys) {
    if (k.startsWith(SECCOMP_CONTAINER_PREFIX)) {
      errs.push(...validateSeccompProfile(all[k] ?? '', child(path, k)));
    }
  }
  // ValidateAppArmorPodAnnotations (validation.go:4477-4494)
  for (const k of keys) {
    if (!k.startsWith(APPARMOR_CONTAINER_PREFIX)) continue;
    const container = k.slice(APPARMOR_CONTAINER_PREFIX.length);
    if (!hasContainer(spec, container)) {
      errs.push(invalid(key(path, k), container, 'container not found'));
    }
    const profileError = appArmorProfileError(all[k] ?? '');
    if (profileError !== undefined) errs.push(invalid(key(path, k), all[k] ?? '', profileError));
  }
  return errs;
}
