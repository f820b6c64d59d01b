/**
 * OpenKruise v1.7 feature gates (`kruise@v1.7.4:pkg/features/kruise_features.go`)
 * parsed the way component-base `featuregate` parses `--feature-gates`
 * (`A=true,B=false`, `AllAlpha`/`AllBeta`), followed by OpenKruise's
 * `SetDefaultFeatureGates` cascade.
 *
 * Defaults are OpenKruise's code defaults (`ImagePullJobGate` is off). The
 * Helm chart's `featureGates` value defaults to `ImagePullJobGate=true`, and
 * our deploy manifests pass that string, so a default install has the gate on
 * while this module stays faithful to the code.
 */
import { KruiseFnError } from './errors.js';
import { goParseBool } from './go/strconv.js';

type Stage = 'Alpha' | 'Beta';
export interface GateSpec {
  readonly default: boolean;
  readonly stage: Stage;
}

const gateSpecs = {
  PodWebhook: { default: true, stage: 'Beta' },
  KruiseDaemon: { default: true, stage: 'Beta' },
  DaemonWatchingPod: { default: true, stage: 'Beta' },
  CloneSetShortHash: { default: false, stage: 'Alpha' },
  KruisePodReadinessGate: { default: false, stage: 'Alpha' },
  PreDownloadImageForInPlaceUpdate: { default: false, stage: 'Alpha' },
  CloneSetPartitionRollback: { default: false, stage: 'Alpha' },
  ResourcesDeletionProtection: { default: true, stage: 'Alpha' },
  WorkloadSpread: { default: true, stage: 'Alpha' },
  PodUnavailableBudgetDeleteGate: { default: true, stage: 'Alpha' },
  PodUnavailableBudgetUpdateGate: { default: false, stage: 'Alpha' },
  TemplateNoDefaults: { default: false, stage: 'Alpha' },
  InPlaceUpdateEnvFromMetadata: { default: true, stage: 'Alpha' },
  StatefulSetAutoDeletePVC: { default: true, stage: 'Alpha' },
  SidecarSetPatchPodMetadataDefaultsAllowed: { default: false, stage: 'Alpha' },
  SidecarTerminator: { default: false, stage: 'Alpha' },
  PodProbeMarkerGate: { default: true, stage: 'Alpha' },
  PreDownloadImageForDaemonSetUpdate: { default: false, stage: 'Alpha' },
  CloneSetEventHandlerOptimization: { default: false, stage: 'Alpha' },
  PreparingUpdateAsUpdate: { default: false, stage: 'Alpha' },
  ImagePullJobGate: { default: false, stage: 'Alpha' },
  ResourceDistributionGate: { default: false, stage: 'Alpha' },
  DeletionProtectionForCRDCascadingGate: { default: false, stage: 'Alpha' },
  EnhancedLivenessProbe: { default: false, stage: 'Alpha' },
  RecreatePodWhenChangeVCTInCloneSetGate: { default: false, stage: 'Alpha' },
  StatefulSetStartOrdinal: { default: false, stage: 'Alpha' },
  PodIndexLabel: { default: true, stage: 'Beta' },
  EnableExternalCerts: { default: false, stage: 'Alpha' },
  // kruise-fn's own, beyond OpenKruise 1.7 (its issue #1671): RollingUpdate of native sidecars.
  SidecarSetNativeSidecarInPlaceUpdate: { default: false, stage: 'Alpha' },
  // component-base's global toggles
  AllAlpha: { default: false, stage: 'Alpha' },
  AllBeta: { default: false, stage: 'Beta' },
} as const satisfies Record<string, GateSpec>;

export type GateName = keyof typeof gateSpecs;
export const gateNames = Object.keys(gateSpecs) as GateName[];

/** A gate's code default and stage (what AllAlpha / AllBeta fill). */
export const gateSpec = (name: GateName): GateSpec => gateSpecs[name];

/** The chart's default `featureGates` value (`charts@38153b0:versions/kruise/1.7.3/values.yaml`). */
export const chartDefaultFeatureGates = 'ImagePullJobGate=true';

export class FeatureGateError extends KruiseFnError {
  override readonly code: number = 400;
}

export interface FeatureGates {
  enabled(name: GateName): boolean;
  /** Explicitly set gates, sorted, as component-base prints them: `A=true,B=false`. */
  toString(): string;
}

const isGateName = (k: string): k is GateName => Object.hasOwn(gateSpecs, k);

/** featuregate.Set: parse `A=true,B=false` into a map, with component-base's errors. */
function parsePairs(spec: string): Map<string, boolean> {
  const m = new Map<string, boolean>();
  for (const s of spec.split(',')) {
    if (s.length === 0) continue;
    const eq = s.indexOf('=');
    const k = (eq < 0 ? s : s.slice(0, eq)).trim();
    if (eq < 0) throw new FeatureGateError(`missing bool value for ${k}`);
    const v = s.slice(eq + 1).trim();
    const b = goParseBool(v);
    if ('error' in b) throw new FeatureGateError(`invalid value of ${k}=${v}, err: ${b.error}`);
    m.set(k, b.value);
  }
  return m;
}

class Gates implements FeatureGates {
  constructor(
    private readonly defaults: ReadonlyMap<GateName, boolean>,
    private readonly explicit: Map<GateName, boolean>,
  ) {}
  enabled(name: GateName): boolean {
    return this.explicit.get(name) ?? this.defaults.get(name) ?? false;
  }
  set(name: GateName, value: boolean): void {
    this.explicit.set(name, value);
  }
  toString(): string {
    return [...this.explicit.entries()]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(',');
  }
}

/** OpenKruise SetDefaultFeatureGates, in its order. */
function cascade(g: Gates): void {
  if (!g.enabled('PodWebhook')) {
    for (const n of [
      'KruisePodReadinessGate',
      'PodUnavailableBudgetDeleteGate',
      'PodUnavailableBudgetUpdateGate',
      'WorkloadSpread',
      'SidecarSetPatchPodMetadataDefaultsAllowed',
      'EnhancedLivenessProbe',
    ] as const)
      g.set(n, false);
  }
  if (!g.enabled('KruiseDaemon')) {
    for (const n of [
      'PreDownloadImageForInPlaceUpdate',
      'DaemonWatchingPod',
      'InPlaceUpdateEnvFromMetadata',
      'PreDownloadImageForDaemonSetUpdate',
      'PodProbeMarkerGate',
      'SidecarTerminator',
      'ImagePullJobGate',
      'EnhancedLivenessProbe',
    ] as const)
      g.set(n, false);
  }
  if (
    g.enabled('PreDownloadImageForInPlaceUpdate') ||
    g.enabled('PreDownloadImageForDaemonSetUpdate')
  ) {
    g.set('ImagePullJobGate', true);
  }
  if (!g.enabled('ResourcesDeletionProtection'))
    g.set('DeletionProtectionForCRDCascadingGate', false);
}

export interface ParseOptions {
  /** Legacy env `CUSTOM_RESOURCE_ENABLE`: set without `SidecarSet` => `PodWebhook` defaults off. */
  readonly customResourceEnable?: string;
}

/** Parse a `--feature-gates` value and apply OpenKruise's cascade. Throws FeatureGateError. */
export function parseFeatureGates(spec: string, options: ParseOptions = {}): FeatureGates {
  const defaults = new Map<GateName, boolean>(gateNames.map((n) => [n, gateSpecs[n].default]));
  const legacy = (options.customResourceEnable ?? '').trim();
  if (legacy.length > 0 && !legacy.split(',').includes('SidecarSet'))
    defaults.set('PodWebhook', false);

  const pairs = parsePairs(spec);
  const explicit = new Map<GateName, boolean>();
  for (const [k, v] of pairs) {
    if (!isGateName(k)) throw new FeatureGateError(`unrecognized feature gate: ${k}`);
    explicit.set(k, v);
  }
  // AllAlpha/AllBeta fill every gate of their stage that was not given explicitly.
  for (const [toggle, stage] of [
    ['AllAlpha', 'Alpha'],
    ['AllBeta', 'Beta'],
  ] as const) {
    const v = explicit.get(toggle);
    if (v === undefined) continue;
    for (const n of gateNames) {
      if (gateSpecs[n].stage === stage && !explicit.has(n) && !pairs.has(n)) explicit.set(n, v);
    }
  }
  const gates = new Gates(defaults, explicit);
  cascade(gates);
  return gates;
}

/** `--feature-gates=<v>` / `--feature-gates <v>` from argv wins over env `FEATURE_GATES`. */
export function featureGatesFrom(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): FeatureGates {
  let fromFlag: string | undefined;
  argv.forEach((arg, i) => {
    if (arg.startsWith('--feature-gates=')) fromFlag = arg.slice('--feature-gates='.length);
    else if (arg === '--feature-gates') fromFlag = argv[i + 1] ?? '';
  });
  const spec = fromFlag ?? env.FEATURE_GATES ?? '';
  const customResourceEnable = env.CUSTOM_RESOURCE_ENABLE;
  try {
    return parseFeatureGates(
      spec,
      customResourceEnable === undefined ? {} : { customResourceEnable },
    );
  } catch (err) {
    if (fromFlag === undefined || !(err instanceof FeatureGateError)) throw err;
    throw new FeatureGateError(
      `invalid argument ${JSON.stringify(fromFlag)} for "--feature-gates" flag: ${err.message}`,
      { cause: err },
    );
  }
}
