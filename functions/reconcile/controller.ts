/**
 * What a controller of the reconcile function is: a Controller of the shared
 * spine (observe → pure plan → apply, shared/kube/reconcile-key.ts) over the
 * Kubernetes client, plus how events reach it and how a resync finds all its
 * keys. Events only name objects (ObjectRef); a controller reads the cluster.
 */
import type { Pod } from '../../shared/api/core/core-v1.js';
import type { SidecarSet } from '../../shared/api/sidecarset.js';
import type { FeatureGates } from '../../shared/feature-gates.js';
import type { KubeClient } from '../../shared/kube/client.js';
import type { Controller } from '../../shared/kube/reconcile-key.js';
import type { KubeObject, ObjectKey, Resource } from '../../shared/kube/resource.js';

/** An object an event names: its resource, namespace and name (never its state). */
export interface ObjectRef {
  /** API group, '' for the core group. */
  readonly group: string;
  readonly version?: string;
  /** Plural resource name, e.g. `pods`. */
  readonly resource: string;
  /** e.g. `status` for a pod status write. */
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name: string;
  readonly verb?: 'create' | 'update' | 'patch' | 'delete';
  /**
   * The object as the event carried it, when it did (Knative ApiServerSource
   * in Resource mode). Only mapping may use it (to find the SidecarSets a
   * deleted pod matched); a controller never takes it for the cluster's state.
   */
  readonly object?: KubeObject;
}

/** Reads mapping needs, shared by every event of one invocation. */
export interface MapContext {
  readonly client: KubeClient;
  /** Every SidecarSet, read once per invocation. */
  sidecarSets(): Promise<readonly SidecarSet[]>;
  /** A Namespace's labels, read once per invocation; undefined when it does not exist. */
  namespaceLabels(name: string): Promise<Readonly<Record<string, string>> | undefined>;
  /**
   * A pod, read once per invocation however many events and controllers
   * name it (undefined when it does not exist): every pod event is offered
   * to every controller watching pods, and each would otherwise read it.
   */
  pod(key: { readonly namespace: string; readonly name: string }): Promise<Pod | undefined>;
  /**
   * From now on, answer pod() for `namespace` from one list of its pods
   * (mapRefs asks it when an invocation names many pods there: one list
   * instead of a read per pod, against the same client budget).
   */
  readPodsByList(namespace: string): void;
  /** The objects of a resource in a namespace, listed once per invocation. */
  namespaced<T extends KubeObject>(resource: Resource<T>, namespace: string): Promise<readonly T[]>;
}

export interface Watch {
  /** The watched resource: API group ('' core) and plural. */
  readonly group: string;
  readonly resource: string;
  /** The keys of this controller an event on such an object maps to. */
  keys(ref: ObjectRef, ctx: MapContext): Promise<readonly ObjectKey[]> | readonly ObjectKey[];
  /**
   * The kind keys() reads the named object of (through `ctx.client`), when
   * it does: a batch naming many such objects lists them once (list-reads.ts).
   */
  readonly reads?: Resource<KubeObject>;
}

/** What every controller is built with. */
export interface ControllerDeps {
  readonly gates: FeatureGates;
  /** OpenKruise's `POD_NAMESPACE` (ControllerRevisions, Leases, configuration). */
  readonly kruiseNamespace: string;
  readonly now: () => Date;
  /** OpenKruise's `KRUISE_DAEMON_CONFIG_NS` (pull-secret copies); default `kruise-daemon-config`. */
  readonly daemonConfigNamespace?: string;
  /** [0, 1) as Math.random (TTL jitter); default Math.random. */
  readonly random?: () => number;
}

// `unknown` observed state and actions: the registry holds controllers of every kind.
export interface ReconcileController<O = unknown, A = unknown> extends Controller<
  KubeClient,
  O,
  A
> {
  readonly watches: readonly Watch[];
  /** Every key the controller owns, for the periodic resync that covers lost events. */
  resync(client: KubeClient): Promise<readonly ObjectKey[]>;
  /**
   * One reconcile at a time per key across invocations (a Lease): for
   * controllers whose writes spend a budget (SidecarSet's maxUnavailable).
   */
  readonly exclusive?: boolean;
  /**
   * Kinds each reconcile reads by name (by its key's name, or a few objects
   * every key names): a batch with many keys of this controller lists each
   * once instead (list-reads.ts).
   */
  readonly keyReads?: readonly Resource<KubeObject>[];
}

/** The key of the object an event names (for controllers of that very object). */
/** Pod subresource writes that change what controllers read (not `exec`, `log`, …). */
export const POD_SUBRESOURCES: ReadonlySet<string> = new Set(['status', 'binding', 'eviction']);

export const selfKey = (ref: ObjectRef): readonly ObjectKey[] =>
  ref.name === ''
    ? []
    : [
        {
          name: ref.name,
          ...(ref.namespace !== undefined && ref.namespace !== '' && { namespace: ref.namespace }),
        },
      ];
