/**
 * What the admission decisions read, with the warm caches in front: the
 * SidecarSet list, Namespaces' labels and the `kruise-configuration`
 * ConfigMap are kept across warm invocations within the FreshValue bound
 * (500 ms by default, see fresh-value.ts); ControllerRevisions are read on
 * demand (only SidecarSets pinned to a revision need them).
 */
import type { ControllerRevision } from '../../../shared/api/core/apps-v1.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import { customVersionSelector } from '../../../shared/sidecarset/revision.js';
import type { AdmissionReads } from './admission-reads.js';
import { FreshMap, FreshValue, type FreshValueOptions } from './fresh-value.js';
import { isCurrent, reuseUnchanged } from './reuse-unchanged.js';

export interface AdmissionData {
  /** True once the SidecarSets have been read (the function's readiness). */
  readonly synced: boolean;
  /**
   * Starts a SidecarSet read if none is fresh, without waiting (start-up,
   * /readyz); with `refreshEveryMs`, the first call also starts the timer.
   */
  warm(): void;
  /** The SidecarSets, sorted by name; the same array (and objects) until a refresh finds a change. */
  sidecarSets(): Promise<readonly SidecarSet[]>;
  namespaceLabels(name: string): Promise<Record<string, string> | undefined>;
  /** A ControllerRevision of the kruise namespace by name; undefined when missing. */
  controllerRevision(name: string): Promise<ControllerRevision | undefined>;
  /** The kruise namespace's ControllerRevisions of a SidecarSet carrying a custom version. */
  customVersionRevisions(
    sidecarSetName: string,
    customVersion: string,
  ): Promise<ControllerRevision[]>;
  /** `data[key]` of a ConfigMap in the kruise namespace; undefined when either is missing. */
  kruiseConfig(name: string, key: string): Promise<string | undefined>;
}

export interface AdmissionDataOptions extends FreshValueOptions {
  /** OpenKruise's `POD_NAMESPACE` (default `kruise-system`): revisions and configuration. */
  readonly kruiseNamespace: string;
  /**
   * Check this often on a timer whether the next SidecarSet list is due (a
   * process that stays warm, as on Knative); unset on Lambda, where a frozen
   * process runs no timers and requests start the reads.
   */
  readonly refreshEveryMs?: number;
}

export function cachedAdmissionData(
  reads: AdmissionReads,
  options: AdmissionDataOptions,
): AdmissionData {
  const ns = options.kruiseNamespace;
  let last: readonly SidecarSet[] | undefined;
  // A read started at S answers with the state at S or later: a metadata list
  // (consistent, started at S) that names every object of the last list at
  // the same resourceVersion proves that list is the state at S; otherwise
  // the full list, started after S.
  const sidecarSets = new FreshValue(async () => {
    const previous = last;
    if (previous !== undefined && isCurrent(previous, await reads.listSidecarSetMetadata()))
      return previous;
    return (last = reuseUnchanged(last, await reads.listSidecarSets()));
  }, options);
  let timerStarted = false;
  const namespaces = new FreshMap((name: string) => reads.namespaceLabels(name), options);
  const configMaps = new FreshMap((name: string) => reads.readConfigMap(ns, name), options);
  return {
    get synced() {
      return sidecarSets.synced;
    },
    warm() {
      if (options.refreshEveryMs !== undefined && !timerStarted) {
        timerStarted = true;
        sidecarSets.refreshEvery(options.refreshEveryMs);
      }
      // The failure is reported by the read that needs the list, or by /readyz staying 503.
      sidecarSets.get().catch(() => undefined);
    },
    sidecarSets: () => sidecarSets.get(),
    namespaceLabels: (name) => namespaces.get(name),
    controllerRevision: (name) => reads.readControllerRevision(ns, name),
    customVersionRevisions: (sidecarSetName, customVersion) =>
      reads.listControllerRevisions(ns, customVersionSelector(sidecarSetName, customVersion)),
    async kruiseConfig(name, key) {
      const data = (await configMaps.get(name))?.data;
      return data !== undefined && Object.hasOwn(data, key) ? data[key] : undefined;
    },
  };
}
