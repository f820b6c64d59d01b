/**
 * SidecarSet containers (`validateContainersForSidecarSet`: inject/share
 * policies, transferEnv, then Kubernetes pod validation of a fake pod) and
 * patchPodMetadata (whitelist, annotation keys, policies, repeated keys).
 */
import type {
  DecodedContainer,
  DecodedSidecarSet,
  DecodedVolume,
} from '../../../shared/api/decoded.js';
import {
  child,
  index,
  invalid,
  required,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import { goRaw } from '../../../shared/go/format.js';
import { validateAnnotations } from '../validation/object-meta.js';
import { validatePodSpecContainers } from '../validation/pod-spec.js';
import { validateTransferEnv } from './downward-api.js';
import { goShareVolumePolicy } from './go-values.js';
import { whitelistError } from './whitelist.js';

/** What patchPodMetadata validation reads from the cluster and the gates. */
export interface PatchMetadataContext {
  readonly whitelist: string | undefined;
  readonly patchMetadataDefaultsAllowed: boolean;
}

/** validateContainersForSidecarSet: policies, transferEnv, then pod validation of a fake pod. */
export function validateContainers(obj: DecodedSidecarSet, root: string): ErrorList {
  const spec = obj.spec ?? {};
  const errs: ErrorList = [];
  (spec.containers ?? []).forEach((c, i) => {
    const policy = c.podInjectPolicy ?? '';
    if (policy !== 'BeforeAppContainer' && policy !== 'AfterAppContainer') {
      errs.push(
        invalid(
          child(root, 'container', 'podInjectPolicy'),
          policy,
          'unsupported pod inject policy',
        ),
      );
    }
    const share = c.shareVolumePolicy?.type ?? '';
    if (share !== 'enabled' && share !== 'disabled') {
      errs.push(
        invalid(
          child(root, 'container', 'shareVolumePolicy'),
          goRaw(goShareVolumePolicy(share)),
          'unsupported share volume policy',
        ),
      );
    }
    errs.push(...validateTransferEnv(c.transferEnv, child(index(root, i), 'transferEnv')));
  });
  errs.push(...validateFakePod(spec));
  return errs;
}

/** What a SidecarSet puts in the fake pod OpenKruise validates. */
export interface FakePodParts {
  readonly containers?: readonly DecodedContainer[] | null;
  readonly initContainers?: readonly DecodedContainer[] | null;
  readonly volumes?: readonly DecodedVolume[] | null;
}

/**
 * ValidatePodCreate of validateContainersForSidecarSet's fake pod: the
 * SidecarSet's containers (or a default one when it has none), init
 * containers and volumes.
 */
export function validateFakePod(spec: FakePodParts): ErrorList {
  const given = spec.containers ?? [];
  const containers: readonly DecodedContainer[] =
    given.length > 0
      ? given
      : [
          {
            name: 'test',
            image: 'busybox',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
          },
        ];
  return validatePodSpecContainers(
    { containers, initContainers: spec.initContainers ?? [], volumes: spec.volumes ?? [] },
    'spec',
  );
}

export function validatePatchPodMetadata(
  obj: DecodedSidecarSet,
  path: string,
  ctx: PatchMetadataContext,
): ErrorList {
  const errs: ErrorList = [];
  const wl = whitelistError(obj, ctx.whitelist, ctx.patchMetadataDefaultsAllowed);
  if (wl !== undefined) errs.push(required(path, wl));
  const keys = new Set<string>();
  for (const patch of obj.spec?.patchPodMetadata ?? []) {
    const annotations = patch.annotations ?? {};
    if (Object.keys(annotations).length === 0) {
      errs.push(required(path, 'no annotations defined for SidecarSet'));
    } else {
      errs.push(...validateAnnotations(annotations, child('patchPodMetadata', 'annotations')));
    }
    if (!patch.patchPolicy)
      errs.push(required(path, 'no patchPolicy defined for patchPodMetadata'));
    for (const k of Object.keys(annotations).sort()) {
      if (keys.has(k)) errs.push(required(path, `patch annotation[${k}] already exist`));
      else keys.add(k);
    }
  }
  return errs;
}
