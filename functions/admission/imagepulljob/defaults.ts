/**
 * `/mutate-apps-kruise-io-v1alpha1-imagepulljob` (mimagepulljob.kb.io, CREATE
 * and UPDATE, no gate check): OpenKruise's `SetDefaultsImagePullJob`
 * (`kruise@v1.7.4:apis/apps/defaults/v1alpha1.go`), with the deletion-protection
 * finalizer added on CREATE. The answer is the object as Go's json.Marshal
 * writes the defaulted v1alpha1.ImagePullJob, and none when defaulting
 * changed nothing Go holds.
 */
import type { DecodedImagePullJob } from '../../../shared/api/decoded.js';
import { goMarshalAs } from '../../../shared/api/go-encoding.js';
import { allow, type AdmissionInput, type Decision } from '../review/decision.js';
import { zeroStruct } from '../../../shared/api/go-decoded.js';

export const protectionFinalizer = 'apps.kruise.io/deletion-protection';

const absent = (v: unknown): boolean => v === undefined || v === null;

/** SetDefaultsImagePullJob on a copy. */
export function setImagePullJobDefaults(
  input: DecodedImagePullJob,
  addProtection: boolean,
): DecodedImagePullJob {
  const obj = structuredClone(input);
  const spec = (obj.spec ??= zeroStruct());
  const completion = (spec.completionPolicy ??= {});
  if (!completion.type) completion.type = 'Always';
  const pull = (spec.pullPolicy ??= {});
  if (absent(pull.timeoutSeconds)) pull.timeoutSeconds = 600;
  if (absent(pull.backoffLimit)) pull.backoffLimit = 3;
  if (!spec.imagePullPolicy) spec.imagePullPolicy = 'IfNotPresent';
  if (addProtection) {
    const metadata = (obj.metadata ??= {});
    const finalizers = (metadata.finalizers ??= []);
    if (!finalizers.includes(protectionFinalizer)) finalizers.push(protectionFinalizer);
  }
  return obj;
}

export function defaultImagePullJob(input: AdmissionInput<DecodedImagePullJob>): Decision {
  const obj = setImagePullJobDefaults(input.object, input.operation === 'CREATE');
  const marshalled = goMarshalAs('v1alpha1.ImagePullJob', obj);
  return marshalled === goMarshalAs('v1alpha1.ImagePullJob', input.object)
    ? allow()
    : allow(JSON.parse(marshalled));
}
