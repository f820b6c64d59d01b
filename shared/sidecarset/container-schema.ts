/**
 * Go struct layouts of OpenKruise's SidecarContainer (core/v1 Container of
 * k8s.io/api v0.28.9 inline, then the SidecarSet fields), and an encoder that
 * writes a JSON value exactly as Go's json.Marshal of the decoded struct does:
 * declaration order, `omitempty` rules (non-pointer structs always written),
 * zero values for missing non-omitempty fields, unknown fields dropped.
 */
import { compareGoKeys, goJsonString } from '../go/json.js';
import { canonicalQuantity } from './quantity.js';
import { isJsonObject } from '../json.js';

export type Kind =
  | { readonly t: 'string' | 'bool' | 'int'; readonly omitempty: boolean }
  /** A pointer to a scalar: written whenever present (also `false`, `0`, `""`). */
  | { readonly t: 'scalarPtr' }
  | { readonly t: 'struct'; readonly fields: Schema; readonly pointer: boolean }
  | { readonly t: 'slice'; readonly of: Kind }
  | { readonly t: 'quantityMap' }
  | { readonly t: 'quantity' }
  | { readonly t: 'intOrString' };

/** `[jsonName, kind]`, or `[null, schema]` for an embedded (inline) struct. */
export type Schema = readonly (readonly [string, Kind] | readonly [null, Schema])[];

const str: Kind = { t: 'string', omitempty: true };
const strReq: Kind = { t: 'string', omitempty: false };
const boolean: Kind = { t: 'bool', omitempty: true };
const int: Kind = { t: 'int', omitempty: true };
const intReq: Kind = { t: 'int', omitempty: false };
const ptr: Kind = { t: 'scalarPtr' };
const strings: Kind = { t: 'slice', of: strReq };
const pointerTo = (fields: Schema): Kind => ({ t: 'struct', fields, pointer: true });
const valueOf = (fields: Schema): Kind => ({ t: 'struct', fields, pointer: false });
const sliceOf = (fields: Schema): Kind => ({ t: 'slice', of: valueOf(fields) });

const localObjectReference: Schema = [['name', str]];
const keySelector: Schema = [
  [null, localObjectReference],
  ['key', strReq],
  ['optional', ptr],
];
const envSource: Schema = [
  [null, localObjectReference],
  ['optional', ptr],
];
const objectFieldSelector: Schema = [
  ['apiVersion', str],
  ['fieldPath', strReq],
];
const envVar: Schema = [
  ['name', strReq],
  ['value', str],
  [
    'valueFrom',
    pointerTo([
      ['fieldRef', pointerTo(objectFieldSelector)],
      [
        'resourceFieldRef',
        pointerTo([
          ['containerName', str],
          ['resource', strReq],
          ['divisor', { t: 'quantity' }],
        ]),
      ],
      ['configMapKeyRef', pointerTo(keySelector)],
      ['secretKeyRef', pointerTo(keySelector)],
    ]),
  ],
];
const httpGet: Schema = [
  ['path', str],
  ['port', { t: 'intOrString' }],
  ['host', str],
  ['scheme', str],
  [
    'httpHeaders',
    sliceOf([
      ['name', strReq],
      ['value', strReq],
    ]),
  ],
];
const exec: Schema = [['command', strings]];
const tcpSocket: Schema = [
  ['port', { t: 'intOrString' }],
  ['host', str],
];
const probe: Schema = [
  [
    null,
    [
      ['exec', pointerTo(exec)],
      ['httpGet', pointerTo(httpGet)],
      ['tcpSocket', pointerTo(tcpSocket)],
      [
        'grpc',
        pointerTo([
          ['port', intReq],
          ['service', { t: 'scalarPtr' }],
        ]),
      ],
    ],
  ],
  ['initialDelaySeconds', int],
  ['timeoutSeconds', int],
  ['periodSeconds', int],
  ['successThreshold', int],
  ['failureThreshold', int],
  ['terminationGracePeriodSeconds', ptr],
];
const lifecycleHandler: Schema = [
  ['exec', pointerTo(exec)],
  ['httpGet', pointerTo(httpGet)],
  ['tcpSocket', pointerTo(tcpSocket)],
];
const securityContext: Schema = [
  [
    'capabilities',
    pointerTo([
      ['add', strings],
      ['drop', strings],
    ]),
  ],
  ['privileged', ptr],
  [
    'seLinuxOptions',
    pointerTo([
      ['user', str],
      ['role', str],
      ['type', str],
      ['level', str],
    ]),
  ],
  [
    'windowsOptions',
    pointerTo([
      ['gmsaCredentialSpecName', ptr],
      ['gmsaCredentialSpec', ptr],
      ['runAsUserName', ptr],
      ['hostProcess', ptr],
    ]),
  ],
  ['runAsUser', ptr],
  ['runAsGroup', ptr],
  ['runAsNonRoot', ptr],
  ['readOnlyRootFilesystem', ptr],
  ['allowPrivilegeEscalation', ptr],
  ['procMount', ptr],
  [
    'seccompProfile',
    pointerTo([
      ['type', strReq],
      ['localhostProfile', ptr],
    ]),
  ],
];

/** core/v1 Container, k8s.io/api v0.28.9 (no recursiveReadOnly, no sleep action, no appArmorProfile). */
export const containerSchema: Schema = [
  ['name', strReq],
  ['image', str],
  ['command', strings],
  ['args', strings],
  ['workingDir', str],
  [
    'ports',
    sliceOf([
      ['name', str],
      ['hostPort', int],
      ['containerPort', intReq],
      ['protocol', str],
      ['hostIP', str],
    ]),
  ],
  [
    'envFrom',
    sliceOf([
      ['prefix', str],
      ['configMapRef', pointerTo(envSource)],
      ['secretRef', pointerTo(envSource)],
    ]),
  ],
  ['env', sliceOf(envVar)],
  [
    'resources',
    valueOf([
      ['limits', { t: 'quantityMap' }],
      ['requests', { t: 'quantityMap' }],
      ['claims', sliceOf([['name', strReq]])],
    ]),
  ],
  [
    'resizePolicy',
    sliceOf([
      ['resourceName', strReq],
      ['restartPolicy', strReq],
    ]),
  ],
  ['restartPolicy', ptr],
  [
    'volumeMounts',
    sliceOf([
      ['name', strReq],
      ['readOnly', boolean],
      ['mountPath', strReq],
      ['subPath', str],
      ['mountPropagation', ptr],
      ['subPathExpr', str],
    ]),
  ],
  [
    'volumeDevices',
    sliceOf([
      ['name', strReq],
      ['devicePath', strReq],
    ]),
  ],
  ['livenessProbe', pointerTo(probe)],
  ['readinessProbe', pointerTo(probe)],
  ['startupProbe', pointerTo(probe)],
  [
    'lifecycle',
    pointerTo([
      ['postStart', pointerTo(lifecycleHandler)],
      ['preStop', pointerTo(lifecycleHandler)],
    ]),
  ],
  ['terminationMessagePath', str],
  ['terminationMessagePolicy', str],
  ['imagePullPolicy', str],
  ['securityContext', pointerTo(securityContext)],
  ['stdin', boolean],
  ['stdinOnce', boolean],
  ['tty', boolean],
];

/** apps.kruise.io/v1alpha1 SidecarContainer. */
export const sidecarContainerSchema: Schema = [
  [null, containerSchema],
  ['podInjectPolicy', str],
  [
    'upgradeStrategy',
    valueOf([
      ['upgradeType', str],
      ['hotUpgradeEmptyImage', str],
    ]),
  ],
  ['shareVolumePolicy', valueOf([['type', str]])],
  [
    'transferEnv',
    sliceOf([
      ['sourceContainerName', str],
      ['sourceContainerNameFrom', pointerTo([['fieldRef', pointerTo(objectFieldSelector)]])],
      ['envName', str],
      ['envNames', strings],
    ]),
  ],
];

/** The value of `kind`, or undefined when `omitempty` drops it. */
function encodeKind(kind: Kind, value: unknown): string | undefined {
  switch (kind.t) {
    case 'string': {
      const s = typeof value === 'string' ? value : '';
      return kind.omitempty && s === '' ? undefined : goJsonString(s);
    }
    case 'bool':
      return value === true ? 'true' : kind.omitempty ? undefined : 'false';
    case 'int': {
      const n = typeof value === 'number' ? value : 0;
      return kind.omitempty && n === 0 ? undefined : String(n);
    }
    case 'scalarPtr':
      if (value === null || value === undefined) return undefined;
      return typeof value === 'string' ? goJsonString(value) : String(value);
    case 'struct':
      if (kind.pointer && !isJsonObject(value)) return undefined;
      return encodeStruct(kind.fields, isJsonObject(value) ? value : {});
    case 'slice':
      if (!Array.isArray(value) || value.length === 0) return undefined;
      return `[${value.map((item: unknown) => encodeKind(kind.of, item) ?? encodeZero(kind.of)).join(',')}]`;
    case 'quantityMap': {
      if (!isJsonObject(value)) return undefined;
      const keys = Object.keys(value).sort(compareGoKeys);
      if (keys.length === 0) return undefined;
      return `{${keys.map((k) => `${goJsonString(k)}:${goJsonString(canonicalQuantity(value[k]))}`).join(',')}}`;
    }
    case 'quantity':
      return goJsonString(canonicalQuantity(value));
    case 'intOrString':
      return typeof value === 'string'
        ? goJsonString(value)
        : String(typeof value === 'number' ? value : 0);
  }
}

/** Slice elements are never omitted: an empty element is written as its zero value. */
function encodeZero(kind: Kind): string {
  if (kind.t === 'string') return '""';
  if (kind.t === 'bool') return 'false';
  if (kind.t === 'int') return '0';
  if (kind.t === 'struct' && !kind.pointer) return encodeStruct(kind.fields, {});
  return 'null';
}

function collect(schema: Schema, value: Record<string, unknown>, out: string[]): void {
  for (const [name, kind] of schema) {
    if (name === null) {
      collect(kind as Schema, value, out);
      continue;
    }
    const encoded = encodeKind(kind as Kind, value[name]);
    if (encoded !== undefined) out.push(`${goJsonString(name)}:${encoded}`);
  }
}

/** json.Marshal of the Go struct described by `schema`, decoded from `value`. */
export function encodeStruct(schema: Schema, value: Record<string, unknown>): string {
  const out: string[] = [];
  collect(schema, value, out);
  return `{${out.join(',')}}`;
}
