/**
 * The objects the CRR webhook reads: the ContainerRecreateRequest (shared/api)
 * and the parts of its Pod that OpenKruise's handler looks at, in wire form.
 */
import type { Container } from '../../../shared/api/core/core-v1.js';

export type {
  ContainerRecreateRequest,
  ContainerRecreateRequestSpec,
  CrrContainer,
} from '../../../shared/api/containerrecreaterequest.js';

/** apis/apps/v1alpha1 ContainerRecreateRequest label and annotation keys. */
export const CRR_POD_UID_KEY = 'crr.apps.kruise.io/pod-uid';
export const CRR_NODE_NAME_KEY = 'crr.apps.kruise.io/node-name';
export const CRR_ACTIVE_KEY = 'crr.apps.kruise.io/active';
export const CRR_UNREADY_ACQUIRED_KEY = 'crr.apps.kruise.io/unready-acquired';

/** The pod condition the job sidecar terminator sets on a pod it made terminal. */
export const SIDECAR_TERMINATED = 'SidecarTerminated';

export interface CrrPod {
  readonly metadata?: { readonly uid?: string; readonly deletionTimestamp?: string | null };
  readonly spec?: {
    readonly nodeName?: string;
    readonly terminationGracePeriodSeconds?: number;
    readonly initContainers?: readonly Container[];
    readonly containers?: readonly Container[];
  };
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: readonly { readonly type?: string }[];
    readonly containerStatuses?: readonly {
      readonly name?: string;
      readonly containerID?: string;
      readonly restartCount?: number;
    }[];
  };
}

/** The Pod named by `spec.podName`, as the shell read it. */
export type PodLookup =
  | { readonly pod: CrrPod }
  | { readonly notFound: true }
  /** Any other failure, already worded `failed to find Pod <name>: <reason>`. */
  | { readonly error: string };
