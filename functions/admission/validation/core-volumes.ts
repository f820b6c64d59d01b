/**
 * Pod volumes as Kubernetes v1.28 core validation checks them
 * (`pkg/apis/core/validation/validation.go` `ValidateVolumes`,
 * `validateVolumeSource` and the per-source checks; line numbers at
 * v1.28.9). Per-source checks are ported for every source (ephemeral in
 * part: see validateEphemeral). */
import type { DecodedVolume } from '../../../shared/api/decoded.js';
import { goRaw, goStringSlice } from '../../../shared/go/format.js';
import { goQuote } from '../../../shared/go/quote.js';
import { canonicalQuantity, quantityAmount } from '../../../shared/sidecarset/quantity.js';
import {
  badMode,
  empty,
  FILE_MODE_ERROR,
  present,
  validateContainerResourceFieldSelector,
  validateDownwardAPIHostIPs,
  validateLocalDescendingPath,
  validateLocalNonReservedPath,
  validateObjectFieldSelector,
  validatePathNoBacksteps,
} from './core-paths.js';
import {
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  key,
  notSupported,
  required,
  tooLong,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import {
  byteLength,
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  nameIsDNSSubdomain,
} from '../../../shared/validation/names.js';

type Source = NonNullable<DecodedVolume>;
type Items = NonNullable<NonNullable<Source['secret']>['items']>;
type DownwardFiles = NonNullable<NonNullable<Source['downwardAPI']>['items']>;

/** validateKeyToPath (validation.go:936) */
function validateKeyToPath(kp: Items[number], path: string): ErrorList {
  const errs: ErrorList = [];
  if (empty(kp.key)) errs.push(required(child(path, 'key'), ''));
  if (empty(kp.path)) errs.push(required(child(path, 'path'), ''));
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', child(path, 'path')));
  if (badMode(kp.mode)) errs.push(invalid(child(path, 'mode'), kp.mode ?? 0, FILE_MODE_ERROR));
  return errs;
}

function validateItems(items: Items | null | undefined, path: string): ErrorList {
  return (items ?? []).flatMap((kp, i) => validateKeyToPath(kp, index(child(path, 'items'), i)));
}

const VOLUME_DOWNWARD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];

/** validateDownwardAPIVolumeFile (validation.go:1047) */
function validateDownwardAPIVolumeFile(file: DownwardFiles[number], path: string): ErrorList {
  const errs: ErrorList = [];
  if (empty(file.path)) errs.push(required(child(path, 'path'), ''));
  errs.push(...validateLocalNonReservedPath(file.path ?? '', child(path, 'path')));
  if (present(file.fieldRef)) {
    const fieldRef = file.fieldRef ?? {};
    errs.push(
      ...validateObjectFieldSelector(fieldRef, VOLUME_DOWNWARD_PATHS, child(path, 'fieldRef')),
    );
    if (present(file.resourceFieldRef)) {
      errs.push(
        invalid(
          path,
          'resource',
          'fieldRef and resourceFieldRef can not be specified simultaneously',
        ),
      );
    }
    errs.push(...validateDownwardAPIHostIPs());
  } else if (present(file.resourceFieldRef)) {
    const ref: Partial<NonNullable<typeof file.resourceFieldRef>> = file.resourceFieldRef ?? {};
    errs.push(
      ...validateContainerResourceFieldSelector(
        ref,
        canonicalQuantity(ref.divisor),
        child(path, 'resourceFieldRef'),
        true,
      ),
    );
  } else errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  if (badMode(file.mode)) errs.push(invalid(child(path, 'mode'), file.mode ?? 0, FILE_MODE_ERROR));
  return errs;
}

/** validateProjectionSources (validation.go:1086) */
function validateProjected(p: NonNullable<Source['projected']>, path: string): ErrorList {
  const errs: ErrorList = [];
  if (badMode(p.defaultMode)) {
    errs.push(invalid(child(path, 'defaultMode'), p.defaultMode ?? 0, FILE_MODE_ERROR));
  }
  const allPaths = new Set<string>();
  (p.sources ?? []).forEach((source, i) => {
    let numSources = 0;
    const srcPath = index(child(path, 'sources'), i);
    for (const kind of ['secret', 'configMap'] as const) {
      const src = source[kind];
      if (!present(src) || src === null || src === undefined) continue;
      numSources++;
      const projPath = child(srcPath, kind);
      if (empty(src.name)) errs.push(required(child(projPath, 'name'), ''));
      (src.items ?? []).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, index(child(projPath, 'items'), j)));
        const kpPath = kp.path ?? '';
        if (kpPath.length > 0) {
          if (!allPaths.has(kpPath)) allPaths.add(kpPath);
          else errs.push(invalid(path, src.name ?? '', 'conflicting duplicate paths'));
        }
      });
    }
    const dapi = source.downwardAPI;
    if (dapi !== undefined && dapi !== null) {
      numSources++;
      const projPath = child(srcPath, 'downwardAPI');
      for (const file of dapi.items ?? []) {
        errs.push(...validateDownwardAPIVolumeFile(file, projPath));
        const filePath = file.path ?? '';
        if (filePath.length > 0) {
          if (!allPaths.has(filePath)) allPaths.add(filePath);
          else errs.push(invalid(path, filePath, 'conflicting duplicate paths'));
        }
      }
    }
    const sat = source.serviceAccountToken;
    if (sat !== undefined && sat !== null) {
      numSources++;
      const projPath = child(srcPath, 'serviceAccountToken');
      const exp = sat.expirationSeconds ?? 0;
      if (exp < 600) {
        errs.push(
          invalid(
            child(projPath, 'expirationSeconds'),
            exp,
            'may not specify a duration less than 10 minutes',
          ),
        );
      }
      if (exp > 2 ** 32) {
        errs.push(
          invalid(
            child(projPath, 'expirationSeconds'),
            exp,
            'may not specify a duration larger than 2^32 seconds',
          ),
        );
      }
      if (empty(sat.path)) errs.push(required(child(path, 'path'), ''));
    }
    if (numSources > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type'));
  });
  return errs;
}

const HOST_PATH_TYPES = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

const iqnRegex = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\t\n\f\r ]+)$/; // validation.go:74
const euiRegex = /^eui.[A-Za-z0-9]{16}$/;
const naaRegex = /^naa.[A-Za-z0-9]{32}$/;

/** Which of the iqn/eui/naa formats `name` starts with but does not follow ('' when it follows one). */
function iscsiFormatError(name: string): string {
  if (name.startsWith('iqn')) return iqnRegex.test(name) ? '' : 'must be valid format';
  if (name.startsWith('eui')) return euiRegex.test(name) ? '' : 'must be valid format';
  if (name.startsWith('naa')) return naaRegex.test(name) ? '' : 'must be valid format';
  return 'must be valid format starting with iqn, eui, or naa';
}

/** validateISCSIVolumeSource (validation.go:765) */
function validateISCSI(iscsi: Partial<NonNullable<Source['iscsi']>>, path: string): ErrorList {
  const errs: ErrorList = [];
  if (empty(iscsi.targetPortal)) errs.push(required(child(path, 'targetPortal'), ''));
  const iqn = iscsi.iqn ?? '';
  if (iqn === '') errs.push(required(child(path, 'iqn'), ''));
  else {
    const err = iscsiFormatError(iqn);
    if (err !== '') errs.push(invalid(child(path, 'iqn'), iqn, err));
  }
  const lun = iscsi.lun ?? 0;
  if (lun < 0 || lun > 255)
    errs.push(invalid(child(path, 'lun'), lun, inclusiveRangeError(0, 255)));
  if (
    (iscsi.chapAuthDiscovery === true || iscsi.chapAuthSession === true) &&
    !present(iscsi.secretRef)
  ) {
    errs.push(required(child(path, 'secretRef'), ''));
  }
  const initiator = iscsi.initiatorName;
  if (initiator !== undefined && initiator !== null) {
    const err = iscsiFormatError(initiator);
    if (err !== '') errs.push(invalid(child(path, 'initiatorname'), initiator, err));
  }
  return errs;
}

/** Whether Go's net.SplitHostPort splits `hostport` without an error. */
function splitsHostPort(hostport: string): boolean {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return false;
  let j = 0;
  let k = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0 || end + 1 !== i) return false;
    j = 1;
    k = end + 1;
  } else if (hostport.slice(0, i).includes(':')) return false;
  return !hostport.slice(j).includes('[') && !hostport.slice(k).includes(']');
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

interface TypedRef {
  readonly name?: string | null;
  readonly kind?: string | null;
  readonly apiGroup?: string | null;
}

/** validateDataSource / validateDataSourceRef without a namespace (validation.go:2088, 2109) */
function validateDataSource(ref: TypedRef, path: string): ErrorList {
  const errs: ErrorList = [];
  if (empty(ref.name)) errs.push(required(child(path, 'name'), ''));
  if (empty(ref.kind)) errs.push(required(child(path, 'kind'), ''));
  if (empty(ref.apiGroup) && ref.kind !== 'PersistentVolumeClaim') {
    errs.push(
      invalid(
        path,
        ref.kind ?? '',
        "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
      ),
    );
  }
  return errs;
}

/**
 * validateEphemeralVolumeSource (validation.go:1618) with
 * ValidatePersistentVolumeClaimSpec (validation.go:2136; ReadWriteOncePod
 * allowed, its gate on by default in v1.28), then the name of the claim the
 * pod "test" would create (validation.go:724). A template's metadata, its
 * selector, and a dataSourceRef in another namespace or beside a
 * dataSource are not checked.
 */
function validateEphemeral(vol: Source, path: string, volPath: string, name: string): ErrorList {
  const errs: ErrorList = [];
  const template = vol.ephemeral?.volumeClaimTemplate;
  if (template === undefined || template === null)
    errs.push(required(child(path, 'volumeClaimTemplate'), ''));
  else {
    const spec: Partial<NonNullable<typeof template.spec>> = template.spec ?? {};
    const specPath = child(path, 'volumeClaimTemplate', 'spec');
    const modes = spec.accessModes ?? [];
    if (modes.length === 0)
      errs.push(required(child(specPath, 'accessModes'), 'at least 1 access mode is required'));
    let rwop = false;
    let other = false;
    for (const mode of modes) {
      if (!ACCESS_MODES.includes(mode))
        errs.push(notSupported(child(specPath, 'accessModes'), mode, ACCESS_MODES));
      if (mode === 'ReadWriteOncePod') rwop = true;
      else if (ACCESS_MODES.includes(mode)) other = true;
    }
    if (rwop && other) {
      errs.push(
        forbidden(
          child(specPath, 'accessModes'),
          'may not use ReadWriteOncePod with other access modes',
        ),
      );
    }
    const requests: Readonly<Record<string, unknown>> = spec.resources?.requests ?? {};
    const storagePath = key(child(specPath, 'resources'), 'storage');
    if (!Object.hasOwn(requests, 'storage')) errs.push(required(storagePath, ''));
    else {
      const q = quantityAmount(requests['storage']);
      if (q.negative || q.unscaled === 0n) {
        errs.push(
          invalid(storagePath, canonicalQuantity(requests['storage']), 'must be greater than zero'),
        );
      }
    }
    const className = spec.storageClassName ?? '';
    if (className.length > 0) {
      errs.push(
        ...nameIsDNSSubdomain(className, false).map((m) =>
          invalid(child(specPath, 'storageClassName'), className, m),
        ),
      );
    }
    const volumeMode = spec.volumeMode;
    if (volumeMode !== undefined && volumeMode !== null && !VOLUME_MODES.includes(volumeMode)) {
      errs.push(notSupported(child(specPath, 'volumeMode'), volumeMode, VOLUME_MODES));
    }
    if (spec.dataSource !== undefined && spec.dataSource !== null) {
      errs.push(...validateDataSource(spec.dataSource, child(specPath, 'dataSource')));
    }
    if (spec.dataSourceRef !== undefined && spec.dataSourceRef !== null) {
      errs.push(...validateDataSource(spec.dataSourceRef, child(specPath, 'dataSourceRef')));
    }
  }
  if (name !== '') {
    const pvcName = `test-${name}`;
    for (const m of nameIsDNSSubdomain(pvcName, false)) {
      errs.push(invalid(child(volPath, 'name'), name, `PVC name ${goQuote(pvcName)}: ${m}`));
    }
  }
  return errs;
}

const AZURE_CACHING = ['None', 'ReadOnly', 'ReadWrite'];
const AZURE_KINDS = ['Dedicated', 'Managed', 'Shared'];

const PD_PARTITION_ERROR = inclusiveRangeError(1, 255); // validation.go:68

type Check = (vol: Source, path: string, name: string) => ErrorList;

/** The source `k` of a volume, its fields optional (a check runs only when it is set). */
const sourceOf = <K extends keyof Source>(v: Source, k: K): Partial<NonNullable<Source[K]>> =>
  v[k] ?? {};

/**
 * VolumeSource fields in the order validateVolumeSource (validation.go:486)
 * tests them: the field, the path of "more than 1" and the check of the source.
 */
const SOURCES: readonly (readonly [keyof Source, string, Check])[] = [
  ['emptyDir', 'emptyDir', () => []],
  [
    'hostPath',
    'hostPath',
    (v, p) => {
      const hp = sourceOf(v, 'hostPath');
      const hpPath = child(p, 'hostPath');
      if (empty(hp.path)) return [required(child(hpPath, 'path'), '')];
      const errs = validatePathNoBacksteps(hp.path ?? '', child(hpPath, 'path'));
      if (present(hp.type) && !HOST_PATH_TYPES.includes(hp.type ?? '')) {
        errs.push(notSupported(child(hpPath, 'type'), hp.type ?? '', HOST_PATH_TYPES));
      }
      return errs;
    },
  ],
  [
    'gitRepo',
    'gitRepo',
    (v, p) => {
      const g = sourceOf(v, 'gitRepo');
      const errs: ErrorList = [];
      if (empty(g.repository)) errs.push(required(child(p, 'gitRepo', 'repository'), ''));
      errs.push(
        ...validateLocalDescendingPath(g.directory ?? '', child(p, 'gitRepo', 'directory')),
      );
      return errs;
    },
  ],
  [
    'gcePersistentDisk',
    'gcePersistentDisk',
    (v, p) => {
      const pd = sourceOf(v, 'gcePersistentDisk');
      const errs: ErrorList = [];
      if (empty(pd.pdName)) errs.push(required(child(p, 'persistentDisk', 'pdName'), ''));
      const part = pd.partition ?? 0;
      if (part < 0 || part > 255)
        errs.push(invalid(child(p, 'persistentDisk', 'partition'), part, PD_PARTITION_ERROR));
      return errs;
    },
  ],
  [
    'awsElasticBlockStore',
    'awsElasticBlockStore',
    (v, p) => {
      const pd = sourceOf(v, 'awsElasticBlockStore');
      const errs: ErrorList = [];
      if (empty(pd.volumeID)) errs.push(required(child(p, 'awsElasticBlockStore', 'volumeID'), ''));
      const part = pd.partition ?? 0;
      if (part < 0 || part > 255) {
        errs.push(invalid(child(p, 'awsElasticBlockStore', 'partition'), part, PD_PARTITION_ERROR));
      }
      return errs;
    },
  ],
  [
    'secret',
    'secret',
    (v, p) => {
      const s = v.secret ?? {};
      const sPath = child(p, 'secret');
      const errs: ErrorList = [];
      if (empty(s.secretName)) errs.push(required(child(sPath, 'secretName'), ''));
      if (badMode(s.defaultMode))
        errs.push(invalid(child(sPath, 'defaultMode'), s.defaultMode ?? 0, FILE_MODE_ERROR));
      errs.push(...validateItems(s.items, sPath));
      return errs;
    },
  ],
  [
    'nfs',
    'nfs',
    (v, p) => {
      const nfs = sourceOf(v, 'nfs');
      const errs: ErrorList = [];
      if (empty(nfs.server)) errs.push(required(child(p, 'nfs', 'server'), ''));
      if (empty(nfs.path)) errs.push(required(child(p, 'nfs', 'path'), ''));
      if (!(nfs.path ?? '').startsWith('/')) {
        errs.push(invalid(child(p, 'nfs', 'path'), nfs.path ?? '', 'must be an absolute path'));
      }
      return errs;
    },
  ],
  ['iscsi', 'iscsi', (v, p) => validateISCSI(sourceOf(v, 'iscsi'), child(p, 'iscsi'))],
  [
    'glusterfs',
    'glusterfs',
    (v, p) => {
      const g = sourceOf(v, 'glusterfs');
      const errs: ErrorList = [];
      if (empty(g.endpoints)) errs.push(required(child(p, 'glusterfs', 'endpoints'), ''));
      if (empty(g.path)) errs.push(required(child(p, 'glusterfs', 'path'), ''));
      return errs;
    },
  ],
  [
    'flocker',
    'flocker',
    (v, p) => {
      const f = sourceOf(v, 'flocker');
      const fPath = child(p, 'flocker');
      const name = f.datasetName ?? '';
      const uuid = f.datasetUUID ?? '';
      const errs: ErrorList = [];
      if (name === '' && uuid === '')
        errs.push(required(fPath, 'one of datasetName and datasetUUID is required'));
      if (name !== '' && uuid !== '') {
        errs.push(
          invalid(
            fPath,
            'resource',
            'datasetName and datasetUUID can not be specified simultaneously',
          ),
        );
      }
      if (name.includes('/'))
        errs.push(invalid(child(fPath, 'datasetName'), name, "must not contain '/'"));
      return errs;
    },
  ],
  [
    'persistentVolumeClaim',
    'persistentVolumeClaim',
    (v, p) =>
      empty(v.persistentVolumeClaim?.claimName)
        ? [required(child(p, 'persistentVolumeClaim', 'claimName'), '')]
        : [],
  ],
  [
    'rbd',
    'rbd',
    (v, p) => {
      const r = sourceOf(v, 'rbd');
      const errs: ErrorList = [];
      if ((r.monitors ?? []).length === 0) errs.push(required(child(p, 'rbd', 'monitors'), ''));
      if (empty(r.image)) errs.push(required(child(p, 'rbd', 'image'), ''));
      return errs;
    },
  ],
  [
    'cinder',
    'cinder',
    (v, p) => {
      const c = sourceOf(v, 'cinder');
      const errs: ErrorList = [];
      if (empty(c.volumeID)) errs.push(required(child(p, 'cinder', 'volumeID'), ''));
      if (present(c.secretRef) && empty(c.secretRef?.name)) {
        errs.push(required(child(p, 'cinder', 'secretRef', 'name'), ''));
      }
      return errs;
    },
  ],
  [
    'cephfs',
    'cephFS',
    (v, p) =>
      (sourceOf(v, 'cephfs').monitors ?? []).length === 0
        ? [required(child(p, 'cephfs', 'monitors'), '')]
        : [],
  ],
  [
    'quobyte',
    'quobyte',
    (v, p) => {
      const q = sourceOf(v, 'quobyte');
      const qPath = child(p, 'quobyte');
      const registry = q.registry ?? '';
      const hostPorts = 'must be a host:port pair or multiple pairs separated by commas';
      const errs: ErrorList = [];
      if (registry === '') errs.push(required(child(qPath, 'registry'), hostPorts));
      else if (byteLength(q.tenant ?? '') >= 65) {
        errs.push(
          required(
            child(qPath, 'tenant'),
            'must be a UUID and may not exceed a length of 64 characters',
          ),
        );
      } else {
        for (const pair of registry.split(',')) {
          if (!splitsHostPort(pair))
            errs.push(invalid(child(qPath, 'registry'), registry, hostPorts));
        }
      }
      if (empty(q.volume)) errs.push(required(child(qPath, 'volume'), ''));
      return errs;
    },
  ],
  [
    'downwardAPI',
    'downwarAPI', // sic: Kubernetes' own path typo (validation.go:613)
    (v, p) => {
      const d = v.downwardAPI ?? {};
      const dPath = child(p, 'downwardAPI');
      const errs: ErrorList = [];
      if (badMode(d.defaultMode))
        errs.push(invalid(child(dPath, 'defaultMode'), d.defaultMode ?? 0, FILE_MODE_ERROR));
      for (const file of d.items ?? []) errs.push(...validateDownwardAPIVolumeFile(file, dPath));
      return errs;
    },
  ],
  [
    'fc',
    'fc',
    (v, p) => {
      const fc = sourceOf(v, 'fc');
      const fcPath = child(p, 'fc');
      const wwns = fc.targetWWNs ?? [];
      const wwids = fc.wwids ?? [];
      const errs: ErrorList = [];
      if (wwns.length < 1 && wwids.length < 1) {
        errs.push(
          required(
            child(fcPath, 'targetWWNs'),
            'must specify either targetWWNs or wwids, but not both',
          ),
        );
      }
      if (wwns.length !== 0 && wwids.length !== 0) {
        errs.push(
          invalid(
            child(fcPath, 'targetWWNs'),
            goRaw(goStringSlice(fc.targetWWNs)),
            'targetWWNs and wwids can not be specified simultaneously',
          ),
        );
      }
      if (wwns.length !== 0) {
        const lun = fc.lun;
        if (lun === undefined || lun === null) {
          errs.push(required(child(fcPath, 'lun'), 'lun is required if targetWWNs is specified'));
        } else if (lun < 0 || lun > 255) {
          errs.push(invalid(child(fcPath, 'lun'), lun, inclusiveRangeError(0, 255)));
        }
      }
      return errs;
    },
  ],
  [
    'flexVolume',
    'flexVolume',
    (v, p) => {
      const fv = sourceOf(v, 'flexVolume');
      const fvPath = child(p, 'flexVolume');
      const errs: ErrorList = [];
      if (empty(fv.driver)) errs.push(required(child(fvPath, 'driver'), ''));
      // Go ranges over the options map in random order; sorted here.
      for (const k of Object.keys(fv.options ?? {}).sort()) {
        const slash = k.indexOf('/');
        const normalized = `.${(slash >= 0 ? k.slice(0, slash) : k).toLowerCase()}`;
        if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io')) {
          errs.push(
            invalid(
              key(child(fvPath, 'options'), k),
              k,
              'kubernetes.io and k8s.io namespaces are reserved',
            ),
          );
        }
      }
      return errs;
    },
  ],
  [
    'configMap',
    'configMap',
    (v, p) => {
      const c = v.configMap ?? {};
      const cPath = child(p, 'configMap');
      const errs: ErrorList = [];
      if (empty(c.name)) errs.push(required(child(cPath, 'name'), ''));
      if (badMode(c.defaultMode))
        errs.push(invalid(child(cPath, 'defaultMode'), c.defaultMode ?? 0, FILE_MODE_ERROR));
      errs.push(...validateItems(c.items, cPath));
      return errs;
    },
  ],
  [
    'azureFile',
    'azureFile',
    (v, p) => {
      const a = sourceOf(v, 'azureFile');
      const errs: ErrorList = [];
      if (empty(a.secretName)) errs.push(required(child(p, 'azureFile', 'secretName'), ''));
      if (empty(a.shareName)) errs.push(required(child(p, 'azureFile', 'shareName'), ''));
      return errs;
    },
  ],
  [
    'vsphereVolume',
    'vsphereVolume',
    (v, p) =>
      empty(v.vsphereVolume?.volumePath)
        ? [required(child(p, 'vsphereVolume', 'volumePath'), '')]
        : [],
  ],
  [
    'photonPersistentDisk',
    'photonPersistentDisk',
    (v, p) =>
      empty(v.photonPersistentDisk?.pdID)
        ? [required(child(p, 'photonPersistentDisk', 'pdID'), '')]
        : [],
  ],
  [
    'portworxVolume',
    'portworxVolume',
    (v, p) =>
      empty(v.portworxVolume?.volumeID)
        ? [required(child(p, 'portworxVolume', 'volumeID'), '')]
        : [],
  ],
  [
    'azureDisk',
    'azureDisk',
    (v, p) => {
      const a = sourceOf(v, 'azureDisk');
      const aPath = child(p, 'azureDisk');
      const uri = a.diskURI ?? '';
      const errs: ErrorList = [];
      if (empty(a.diskName)) errs.push(required(child(aPath, 'diskName'), ''));
      if (uri === '') errs.push(required(child(aPath, 'diskURI'), ''));
      const caching = a.cachingMode;
      if (caching !== undefined && caching !== null && !AZURE_CACHING.includes(caching)) {
        errs.push(notSupported(child(aPath, 'cachingMode'), caching, AZURE_CACHING));
      }
      const kind = a.kind;
      if (kind !== undefined && kind !== null) {
        if (!AZURE_KINDS.includes(kind))
          errs.push(notSupported(child(aPath, 'kind'), kind, AZURE_KINDS));
        if (kind === 'Managed' && !uri.startsWith('/subscriptions/')) {
          errs.push(
            notSupported(child(aPath, 'diskURI'), uri, [
              '/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}',
            ]),
          );
        }
        if (kind !== 'Managed' && !uri.startsWith('https://')) {
          errs.push(
            notSupported(child(aPath, 'diskURI'), uri, [
              'https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd',
            ]),
          );
        }
      }
      return errs;
    },
  ],
  [
    'storageos',
    'storageos',
    (v, p) => {
      const so = sourceOf(v, 'storageos');
      const soPath = child(p, 'storageos');
      const name = so.volumeName ?? '';
      const ns = so.volumeNamespace ?? '';
      const errs: ErrorList = [];
      if (name === '') errs.push(required(child(soPath, 'volumeName'), ''));
      else
        errs.push(
          ...isDNS1123Label(name).map((m) => invalid(child(soPath, 'volumeName'), name, m)),
        );
      if (ns.length > 0)
        errs.push(
          ...isDNS1123Label(ns).map((m) => invalid(child(soPath, 'volumeNamespace'), ns, m)),
        );
      if (present(so.secretRef) && empty(so.secretRef?.name)) {
        errs.push(required(child(soPath, 'secretRef', 'name'), ''));
      }
      return errs;
    },
  ],
  ['projected', 'projected', (v, p) => validateProjected(v.projected ?? {}, child(p, 'projected'))],
  [
    'scaleIO',
    'scaleIO',
    (v, p) => {
      const sio = sourceOf(v, 'scaleIO');
      const errs: ErrorList = [];
      if (empty(sio.gateway)) errs.push(required(child(p, 'scaleIO', 'gateway'), ''));
      if (empty(sio.system)) errs.push(required(child(p, 'scaleIO', 'system'), ''));
      if (empty(sio.volumeName)) errs.push(required(child(p, 'scaleIO', 'volumeName'), ''));
      return errs;
    },
  ],
  [
    'csi',
    'csi',
    (v, p) => {
      const csi = sourceOf(v, 'csi');
      const cPath = child(p, 'csi');
      const driver = csi.driver ?? '';
      const dPath = child(cPath, 'driver');
      const errs: ErrorList = [];
      // ValidateCSIDriverName (validation.go:1560)
      if (driver === '') errs.push(required(dPath, ''));
      if (byteLength(driver) > 63) errs.push(tooLong(dPath, driver, 63));
      errs.push(...isDNS1123Subdomain(driver.toLowerCase()).map((m) => invalid(dPath, driver, m)));
      const ref = csi.nodePublishSecretRef;
      if (ref !== undefined && ref !== null) {
        const name = ref.name ?? '';
        if (name === '') errs.push(required(child(cPath, 'nodePublishSecretRef', 'name'), ''));
        else
          errs.push(
            ...nameIsDNSSubdomain(name, false).map((m) => invalid(child(cPath, 'name'), name, m)),
          );
      }
      return errs;
    },
  ],
  ['ephemeral', 'ephemeral', (v, p, name) => validateEphemeral(v, child(p, 'ephemeral'), p, name)],
];

/** validateVolumeSource (validation.go:486) */
function validateVolumeSource(vol: Source, path: string, name: string): ErrorList {
  const errs: ErrorList = [];
  let count = 0;
  for (const [key, morePath, check] of SOURCES) {
    if (!present(vol[key])) continue;
    if (key === 'emptyDir') {
      count++;
      const limit = vol.emptyDir?.sizeLimit;
      if (present(limit) && quantityAmount(limit).negative) {
        errs.push(
          forbidden(
            child(path, 'emptyDir', 'sizeLimit'),
            'SizeLimit field must be a valid resource quantity',
          ),
        );
      }
      continue;
    }
    if (count > 0)
      errs.push(forbidden(child(path, morePath), 'may not specify more than 1 volume type'));
    else {
      count++;
      errs.push(...check(vol, path, name));
    }
    const iscsi = vol.iscsi;
    if (key === 'iscsi' && iscsi !== undefined && iscsi !== null && present(iscsi.initiatorName)) {
      // validation.go:550, whether or not iscsi is the first source
      if (byteLength(`${name}:${iscsi.targetPortal ?? ''}`) > 64) {
        errs.push(
          invalid(
            child(path, 'name'),
            name,
            'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
          ),
        );
      }
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** What a volume mount or device needs to know of a valid volume. */
export interface VolumeInfo {
  readonly isPVC: boolean;
}

/** ValidateVolumes (validation.go:387): the valid volumes by name, and the errors. */
export function validateVolumes(
  volumes: readonly DecodedVolume[] | null | undefined,
  path: string,
): { volumes: Map<string, VolumeInfo>; errs: ErrorList } {
  const names = new Map<string, VolumeInfo>();
  const errs: ErrorList = [];
  // The claims the pod "test" would create for its ephemeral volumes (validation.go:395).
  const created = new Set(
    (volumes ?? []).filter((v) => present(v.ephemeral)).map((v) => `test-${v.name ?? ''}`),
  );
  (volumes ?? []).forEach((vol, i) => {
    const idx = index(path, i);
    const namePath = child(idx, 'name');
    const name = vol.name ?? '';
    const el = validateVolumeSource(vol, idx, name);
    if (name.length === 0) el.push(required(namePath, ''));
    else el.push(...isDNS1123Label(name).map((m) => invalid(namePath, name, m)));
    if (names.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) {
      names.set(name, { isPVC: present(vol.persistentVolumeClaim) || present(vol.ephemeral) });
    } else errs.push(...el);
    const claimName = vol.persistentVolumeClaim?.claimName ?? '';
    if (present(vol.persistentVolumeClaim) && created.has(claimName)) {
      errs.push(
        invalid(
          child(idx, 'persistentVolumeClaim', 'claimName'),
          claimName,
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  });
  return { volumes: names, errs };
}
