/**
 * Containers and init containers as Kubernetes v1.28 core validation checks
 * them (`pkg/apis/core/validation/validation.go`, line numbers at v1.28.9):
 * validateContainerCommon (name, image, termination message policy, ports,
 * env and valueFrom, envFrom, volume mounts and devices, pull policy,
 * resources and quantities, resize policy, security context), probes and
 * their handlers, lifecycle hooks, restartPolicy placement (native sidecars:
 * init containers with restartPolicy Always), name uniqueness and host port
 * conflicts, with the options OpenKruise v1.7.4 validates with
 * (`webhookutil.DefaultPodValidationOptions`, privileged allowed).
 */
import type { DecodedContainer } from '../../../shared/api/decoded.js';
import { goRaw } from '../../../shared/go/format.js';
import { goQuote } from '../../../shared/go/quote.js';
import { goTrimSpace } from '../../../shared/go/unicode.js';
import {
  canonicalQuantity,
  compareQuantities,
  milliValue,
  quantityAmount,
} from '../../../shared/sidecarset/quantity.js';
import {
  empty,
  goPointer,
  present,
  validateContainerResourceFieldSelector,
  validateDownwardAPIHostIPs,
  validateKeySelector,
  validateLocalDescendingPath,
  validateObjectFieldSelector,
  validatePathNoBacksteps,
} from './core-paths.js';
import type { VolumeInfo } from './core-volumes.js';
import {
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  key,
  notFound,
  notSupported,
  required,
  type ErrorList,
} from '../../../shared/validation/field-error.js';
import {
  byteLength,
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  regexError,
} from '../../../shared/validation/names.js';

type Container = DecodedContainer;
type Probe = NonNullable<Container['livenessProbe']>;
type Handler = NonNullable<NonNullable<Container['lifecycle']>['postStart']>;
type SecurityContext = NonNullable<Container['securityContext']>;

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** validateContainerPorts (validation.go:2373) */
function validateContainerPorts(ctr: Container, path: string): ErrorList {
  const errs: ErrorList = [];
  const names = new Set<string>();
  (ctr.ports ?? []).forEach((port, i) => {
    const idx = index(path, i);
    const name = port.name ?? '';
    if (name.length > 0) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(child(idx, 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(idx, 'name'), name));
      else names.add(name);
    }
    const cp = port.containerPort ?? 0;
    if (cp === 0) errs.push(required(child(idx, 'containerPort'), ''));
    else errs.push(...isValidPortNum(cp).map((m) => invalid(child(idx, 'containerPort'), cp, m)));
    const hp = port.hostPort ?? 0;
    if (hp !== 0)
      errs.push(...isValidPortNum(hp).map((m) => invalid(child(idx, 'hostPort'), hp, m)));
    const protocol = port.protocol ?? '';
    if (protocol === '') errs.push(required(child(idx, 'protocol'), ''));
    else if (!PROTOCOLS.includes(protocol)) {
      errs.push(notSupported(child(idx, 'protocol'), protocol, PROTOCOLS));
    }
  });
  return errs;
}

const ENV_DOWNWARD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

/** ValidateEnv and validateEnvVarValueFrom (validation.go:2412, 2448) */
function validateEnv(ctr: Container, path: string): ErrorList {
  const errs: ErrorList = [];
  (ctr.env ?? []).forEach((ev, i) => {
    const idx = index(path, i);
    const name = ev.name ?? '';
    if (name === '') errs.push(required(child(idx, 'name'), ''));
    else errs.push(...isEnvVarName(name).map((m) => invalid(child(idx, 'name'), name, m)));
    const from = ev.valueFrom;
    if (from === undefined || from === null) return;
    const fromPath = child(idx, 'valueFrom');
    let numSources = 0;
    if (present(from.fieldRef)) {
      numSources++;
      errs.push(
        ...validateObjectFieldSelector(
          from.fieldRef ?? {},
          ENV_DOWNWARD_PATHS,
          child(fromPath, 'fieldRef'),
        ),
        ...validateDownwardAPIHostIPs(),
      );
    }
    if (present(from.resourceFieldRef)) {
      numSources++;
      const ref: Partial<NonNullable<typeof from.resourceFieldRef>> = from.resourceFieldRef ?? {};
      errs.push(
        ...validateContainerResourceFieldSelector(
          ref,
          canonicalQuantity(ref.divisor),
          child(fromPath, 'resourceFieldRef'),
          false,
        ),
      );
    }
    if (present(from.configMapKeyRef)) {
      numSources++;
      errs.push(
        ...validateKeySelector(from.configMapKeyRef ?? {}, child(fromPath, 'configMapKeyRef')),
      );
    }
    if (present(from.secretKeyRef)) {
      numSources++;
      errs.push(...validateKeySelector(from.secretKeyRef ?? {}, child(fromPath, 'secretKeyRef')));
    }
    if (numSources === 0) {
      errs.push(
        invalid(
          fromPath,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        ),
      );
    } else if (!empty(ev.value)) {
      errs.push(invalid(fromPath, '', 'may not be specified when `value` is not empty'));
    } else if (numSources > 1) {
      errs.push(invalid(fromPath, '', 'may not have more than one field specified at a time'));
    }
  });
  return errs;
}

/** ValidateEnvFrom (validation.go:2559) */
function validateEnvFrom(ctr: Container, path: string): ErrorList {
  const errs: ErrorList = [];
  (ctr.envFrom ?? []).forEach((ev, i) => {
    const idx = index(path, i);
    const prefix = ev.prefix ?? '';
    if (prefix.length > 0)
      errs.push(...isEnvVarName(prefix).map((m) => invalid(child(idx, 'prefix'), prefix, m)));
    let numSources = 0;
    for (const [ref, name] of [
      [ev.configMapRef, 'configMapRef'],
      [ev.secretRef, 'secretRef'],
    ] as const) {
      if (ref === undefined || ref === null) continue;
      numSources++;
      const refName = ref.name ?? '';
      if (refName === '') errs.push(required(child(idx, name, 'name'), ''));
      else
        errs.push(
          ...nameIsDNSSubdomain(refName, true).map((m) =>
            invalid(child(idx, name, 'name'), refName, m),
          ),
        );
    }
    if (numSources === 0)
      errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (numSources > 1)
      errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

const MOUNT_PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];

/** ValidateVolumeMounts (validation.go:2701) */
function validateVolumeMounts(
  ctr: Container,
  devices: Map<string, string>,
  volumes: Map<string, VolumeInfo>,
  path: string,
): ErrorList {
  const errs: ErrorList = [];
  const mountPoints = new Set<string>();
  const devicePaths = new Set(devices.values());
  (ctr.volumeMounts ?? []).forEach((mnt, i) => {
    const idx = index(path, i);
    const name = mnt.name ?? '';
    const mountPath = mnt.mountPath ?? '';
    if (name === '') errs.push(required(child(idx, 'name'), ''));
    if (!volumes.has(name)) errs.push(notFound(child(idx, 'name'), name));
    if (mountPath === '') errs.push(required(child(idx, 'mountPath'), ''));
    if (mountPoints.has(mountPath))
      errs.push(invalid(child(idx, 'mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name))
      errs.push(invalid(child(idx, 'name'), name, 'must not already exist in volumeDevices'));
    if (devicePaths.has(mountPath)) {
      errs.push(
        invalid(
          child(idx, 'mountPath'),
          mountPath,
          'must not already exist as a path in volumeDevices',
        ),
      );
    }
    const subPath = mnt.subPath ?? '';
    // Go reports these two at the list's path, not the mount's (validation.go:2734, 2742).
    if (subPath.length > 0)
      errs.push(...validateLocalDescendingPath(subPath, child(path, 'subPath')));
    const subPathExpr = mnt.subPathExpr ?? '';
    if (subPathExpr.length > 0) {
      if (subPath.length > 0) {
        errs.push(
          invalid(
            child(idx, 'subPathExpr'),
            subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      }
      errs.push(...validateLocalDescendingPath(subPathExpr, child(path, 'subPathExpr')));
    }
    if (present(mnt.mountPropagation)) {
      const mp = mnt.mountPropagation ?? '';
      const mpPath = child(path, 'mountPropagation');
      if (!MOUNT_PROPAGATIONS.includes(mp)) errs.push(notSupported(mpPath, mp, MOUNT_PROPAGATIONS));
      if (mp === 'Bidirectional' && ctr.securityContext?.privileged !== true) {
        errs.push(
          forbidden(
            mpPath,
            'Bidirectional mount propagation is available only to privileged containers',
          ),
        );
      }
    }
  });
  return errs;
}

/** ValidateVolumeDevices (validation.go:2748) */
function validateVolumeDevices(
  ctr: Container,
  mounts: Map<string, string>,
  volumes: Map<string, VolumeInfo>,
  path: string,
): ErrorList {
  const errs: ErrorList = [];
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  const mountPaths = new Set(mounts.values());
  (ctr.volumeDevices ?? []).forEach((dev, i) => {
    const idx = index(path, i);
    const name = dev.name ?? '';
    const devPath = dev.devicePath ?? '';
    const vol = volumes.get(name);
    if (name === '') errs.push(required(child(idx, 'name'), ''));
    if (deviceNames.has(name)) errs.push(invalid(child(idx, 'name'), name, 'must be unique'));
    if (vol !== undefined && !vol.isPVC) {
      errs.push(
        invalid(
          child(idx, 'name'),
          name,
          'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
        ),
      );
    }
    if (vol === undefined) errs.push(notFound(child(idx, 'name'), name));
    if (devPath === '') errs.push(required(child(idx, 'devicePath'), ''));
    if (devicePaths.has(devPath))
      errs.push(invalid(child(idx, 'devicePath'), devPath, 'must be unique'));
    if (devPath.length > 0 && validatePathNoBacksteps(devPath, '').length > 0) {
      errs.push(invalid(child(idx, 'devicePath'), devPath, "can not contain backsteps ('..')"));
    } else devicePaths.add(devPath);
    if (mounts.has(name))
      errs.push(invalid(child(idx, 'name'), name, 'must not already exist in volumeMounts'));
    if (mountPaths.has(devPath)) {
      errs.push(
        invalid(
          child(idx, 'devicePath'),
          devPath,
          'must not already exist as a path in volumeMounts',
        ),
      );
    }
    if (name.length > 0) deviceNames.add(name);
  });
  return errs;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** validatePullPolicy (validation.go:3123) */
function validatePullPolicy(ctr: Container, path: string): ErrorList {
  const policy = ctr.imagePullPolicy ?? '';
  if (PULL_POLICIES.includes(policy)) return [];
  if (policy === '') return [required(path, '')];
  return [notSupported(path, policy, PULL_POLICIES)];
}

const STANDARD_RESOURCES = [
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
];
const INTEGER_RESOURCES = [
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
];
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isExtended = (name: string): boolean =>
  !isNative(name) &&
  !name.startsWith('requests.') &&
  isQualifiedName(`requests.${name}`).length === 0;
const isOvercommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

/** validateResourceName and validateContainerResourceName (validation.go:5948, 5968) */
function validateContainerResourceName(name: string, path: string): ErrorList {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  const unqualified = !name.includes('/');
  if (errs.length === 0 && unqualified) {
    const standard =
      STANDARD_RESOURCES.includes(name) ||
      isHugePages(name) ||
      name.startsWith('requests.hugepages-');
    if (!standard)
      errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
  }
  if (unqualified) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(name) && !isHugePages(name)) {
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNative(name) && !isExtended(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue (validation.go:6591) */
function validateResourceQuantityValue(name: string, raw: unknown, path: string): ErrorList {
  const errs: ErrorList = [];
  const q = quantityAmount(raw);
  if (q.negative)
    errs.push(invalid(path, canonicalQuantity(raw), 'must be greater than or equal to 0'));
  if (INTEGER_RESOURCES.includes(name) || isExtended(name)) {
    if (milliValue(q) % 1000n !== 0n)
      errs.push(invalid(path, goRaw(q.goStruct), 'must be an integer'));
  }
  return errs;
}

/**
 * ValidateResourceRequirements (validation.go:6331). Go ranges over the maps
 * in random order; these checks go by sorted resource name.
 */
function validateResources(ctr: Container, path: string): ErrorList {
  const errs: ErrorList = [];
  const res = ctr.resources ?? {};
  const limits: Readonly<Record<string, unknown>> = res.limits ?? {};
  const requests: Readonly<Record<string, unknown>> = res.requests ?? {};
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  let cpuOrMemory = false;
  let hugePages = false;
  for (const name of Object.keys(limits).sort()) {
    const fld = key(limPath, name);
    errs.push(...validateContainerResourceName(name, fld));
    errs.push(...validateResourceQuantityValue(name, limits[name], fld));
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  for (const name of Object.keys(requests).sort()) {
    const fld = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, fld));
    errs.push(...validateResourceQuantityValue(name, requests[name], fld));
    const request = quantityAmount(requests[name]);
    if (Object.hasOwn(limits, name)) {
      const limit = quantityAmount(limits[name]);
      const cmp = compareQuantities(request, limit);
      const shown = canonicalQuantity(requests[name]);
      const limitShown = canonicalQuantity(limits[name]);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, shown, `must be equal to ${name} limit of ${limitShown}`));
      } else if (cmp > 0) {
        errs.push(
          invalid(reqPath, shown, `must be less than or equal to ${name} limit of ${limitShown}`),
        );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
  }
  if (!cpuOrMemory && hugePages) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  // validateResourceClaimNames (validation.go:6405): the fake pod declares no resource claims.
  const claimNames = new Set<string>();
  (res.claims ?? []).forEach((claim, i) => {
    const name = claim.name ?? '';
    const idx = index(child(path, 'claims'), i);
    if (name === '') {
      errs.push(required(idx, ''));
      return;
    }
    if (claimNames.has(name)) errs.push(duplicate(idx, name));
    else claimNames.add(name);
    errs.push({
      ...notFound(idx, name),
      detail: 'must be one of the names in pod.spec.resourceClaims which is empty',
    });
  });
  return errs;
}

/** validateResizePolicy (validation.go:3141) */
function validateResizePolicy(ctr: Container, path: string): ErrorList {
  const errs: ErrorList = [];
  const seen = new Set<string>();
  (ctr.resizePolicy ?? []).forEach((p, i) => {
    const name = p.resourceName ?? '';
    // core.ResourceName has a String method: printed bare.
    if (seen.has(name)) errs.push(duplicate(index(path, i), goRaw(name)));
    seen.add(name);
    if (name === '') errs.push(required(path, ''));
    else if (name !== 'cpu' && name !== 'memory')
      errs.push(notSupported(path, goRaw(name), ['cpu', 'memory']));
    const policy = p.restartPolicy ?? '';
    if (policy === '') errs.push(required(path, ''));
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer') {
      errs.push(notSupported(path, policy, ['NotRequired', 'RestartContainer']));
    }
  });
  return errs;
}

/** Go's `%#v` of a core.SecurityContext (its pointers masked). */
function goSecurityContext(sc: SecurityContext): string {
  const fields: [string, string, unknown][] = [
    ['Capabilities', '*core.Capabilities', sc.capabilities],
    ['Privileged', '*bool', sc.privileged],
    ['SELinuxOptions', '*core.SELinuxOptions', sc.seLinuxOptions],
    ['WindowsOptions', '*core.WindowsSecurityContextOptions', sc.windowsOptions],
    ['RunAsUser', '*int64', sc.runAsUser],
    ['RunAsGroup', '*int64', sc.runAsGroup],
    ['RunAsNonRoot', '*bool', sc.runAsNonRoot],
    ['ReadOnlyRootFilesystem', '*bool', sc.readOnlyRootFilesystem],
    ['AllowPrivilegeEscalation', '*bool', sc.allowPrivilegeEscalation],
    ['ProcMount', '*core.ProcMountType', sc.procMount],
    ['SeccompProfile', '*core.SeccompProfile', sc.seccompProfile],
  ];
  return `core.SecurityContext{${fields.map(([n, t, v]) => `${n}:${goPointer(t, v)}`).join(', ')}}`;
}

const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const MAX_INT32 = 2147483647;

const ctrlRegex = /[\x00-\x1f\x7f]/; // eslint-disable-line no-control-regex -- Go's [[:cntrl:]]
const netBiosRegex = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/;
const dnsLabel = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const windowsDomainDNSRegex = new RegExp(`^${dnsLabel}(?:\\.${dnsLabel})*$`);
const invalidUserNameChars = /["/\\:;|=,+*?<>@[\]]/;
const invalidUserNameDotsSpaces = /^[. ]+$/;

/** validateWindowsSecurityContextOptions (validation.go:6938) */
function validateWindowsOptions(sc: SecurityContext, path: string): ErrorList {
  const wo = sc.windowsOptions;
  if (wo === undefined || wo === null) return [];
  const errs: ErrorList = [];
  const gmsaName = wo.gmsaCredentialSpecName;
  if (gmsaName !== undefined && gmsaName !== null) {
    errs.push(
      ...isDNS1123Subdomain(gmsaName).map((m) =>
        invalid(child(path, 'gmsaCredentialSpecName'), gmsaName, m),
      ),
    );
  }
  const spec = wo.gmsaCredentialSpec;
  if (spec !== undefined && spec !== null) {
    const l = byteLength(spec);
    if (l === 0)
      errs.push(
        invalid(
          child(path, 'gmsaCredentialSpec'),
          spec,
          'gmsaCredentialSpec cannot be an empty string',
        ),
      );
    else if (l > 64 * 1024) {
      errs.push(
        invalid(
          child(path, 'gmsaCredentialSpec'),
          spec,
          'gmsaCredentialSpec size must be under 64 KiB',
        ),
      );
    }
  }
  const user = wo.runAsUserName;
  if (user !== undefined && user !== null) {
    const p = child(path, 'runAsUserName');
    const parts = user.split('\\');
    if (user === '') errs.push(invalid(p, user, 'runAsUserName cannot be an empty string'));
    else if (ctrlRegex.test(user))
      errs.push(invalid(p, user, 'runAsUserName cannot contain control characters'));
    else if (parts.length > 2)
      errs.push(invalid(p, user, 'runAsUserName cannot contain more than one backslash'));
    else {
      const hasDomain = parts.length === 2;
      const domain = hasDomain ? (parts[0] ?? '') : '';
      const name = hasDomain ? (parts[1] ?? '') : (parts[0] ?? '');
      if (byteLength(domain) >= 256) {
        errs.push(invalid(p, user, "runAsUserName's Domain length must be under 256 characters"));
      }
      if (hasDomain && !(netBiosRegex.test(domain) || windowsDomainDNSRegex.test(domain))) {
        errs.push(
          invalid(p, user, "runAsUserName's Domain doesn't match the NetBios nor the DNS format"),
        );
      }
      const l = byteLength(name);
      if (l === 0) errs.push(invalid(p, user, "runAsUserName's User cannot be empty"));
      else if (l > 104) {
        errs.push(
          invalid(p, user, "runAsUserName's User length must not be longer than 104 characters"),
        );
      }
      if (invalidUserNameDotsSpaces.test(name)) {
        errs.push(invalid(p, user, "runAsUserName's User cannot contain only periods or spaces"));
      }
      if (invalidUserNameChars.test(name)) {
        errs.push(
          invalid(
            p,
            user,
            `runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`,
          ),
        );
      }
    }
  }
  return errs;
}

/** ValidateSecurityContext (validation.go:6824), privileged allowed as OpenKruise's --allow-privileged default. */
function validateSecurityContext(ctr: Container, path: string): ErrorList {
  const sc = ctr.securityContext;
  if (sc === undefined || sc === null) return [];
  const errs: ErrorList = [];
  const uid = sc.runAsUser;
  if (uid !== undefined && uid !== null && (uid < 0 || uid > MAX_INT32)) {
    errs.push(invalid(child(path, 'runAsUser'), uid, inclusiveRangeError(0, MAX_INT32)));
  }
  const gid = sc.runAsGroup;
  if (gid !== undefined && gid !== null && (gid < 0 || gid > MAX_INT32)) {
    errs.push(invalid(child(path, 'runAsGroup'), gid, inclusiveRangeError(0, MAX_INT32)));
  }
  const procMount = sc.procMount;
  if (
    procMount !== undefined &&
    procMount !== null &&
    procMount !== 'Default' &&
    procMount !== 'Unmasked'
  ) {
    errs.push(notSupported(child(path, 'procMount'), procMount, ['Default', 'Unmasked']));
  }
  const sp = sc.seccompProfile;
  if (sp !== undefined && sp !== null) {
    const spPath = child(path, 'seccompProfile');
    const type = sp.type ?? '';
    if (type === '')
      errs.push(required(child(spPath, 'type'), 'type is required when seccompProfile is set'));
    else if (!SECCOMP_TYPES.includes(type))
      errs.push(notSupported(child(spPath, 'type'), type, SECCOMP_TYPES));
    const profile = sp.localhostProfile;
    if (type === 'Localhost') {
      if (profile === undefined || profile === null) {
        errs.push(
          required(child(spPath, 'localhostProfile'), 'must be set when seccomp type is Localhost'),
        );
      } else errs.push(...validateLocalDescendingPath(profile, child(spPath, 'localhostProfile')));
    } else if (profile !== undefined && profile !== null) {
      const shown = `core.SeccompProfile{Type:${goQuote(type)}, LocalhostProfile:${goPointer('*string', profile)}}`;
      errs.push(
        invalid(
          child(spPath, 'localhostProfile'),
          goRaw(shown),
          'can only be set when seccomp type is Localhost',
        ),
      );
    }
  }
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) {
      errs.push(
        invalid(
          path,
          goRaw(goSecurityContext(sc)),
          'cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
        ),
      );
    }
    for (const cap of sc.capabilities?.add ?? []) {
      if (cap === 'CAP_SYS_ADMIN') {
        errs.push(
          invalid(
            path,
            goRaw(goSecurityContext(sc)),
            'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
          ),
        );
      }
    }
  }
  errs.push(...validateWindowsOptions(sc, child(path, 'windowsOptions')));
  return errs;
}

/** validateContainerCommon (validation.go:3320) */
function validateContainerCommon(
  ctr: Container,
  volumes: Map<string, VolumeInfo>,
  path: string,
): ErrorList {
  const errs: ErrorList = [];
  const namePath = child(path, 'name');
  const name = ctr.name ?? '';
  if (name === '') errs.push(required(namePath, ''));
  else errs.push(...isDNS1123Label(name).map((m) => invalid(namePath, name, m)));
  if (empty(ctr.image)) errs.push(required(child(path, 'image'), ''));
  const tmp = ctr.terminationMessagePolicy ?? '';
  if (tmp === '') errs.push(required(child(path, 'terminationMessagePolicy'), ''));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(
      notSupported(child(path, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']),
    );
  }
  // GetVolumeMountMap / GetVolumeDeviceMap: the last path of each name.
  const mounts = new Map((ctr.volumeMounts ?? []).map((m) => [m.name ?? '', m.mountPath ?? '']));
  const devices = new Map((ctr.volumeDevices ?? []).map((d) => [d.name ?? '', d.devicePath ?? '']));
  errs.push(
    ...validateContainerPorts(ctr, child(path, 'ports')),
    ...validateEnv(ctr, child(path, 'env')),
    ...validateEnvFrom(ctr, child(path, 'envFrom')),
    ...validateVolumeMounts(ctr, devices, volumes, child(path, 'volumeMounts')),
    ...validateVolumeDevices(ctr, mounts, volumes, child(path, 'volumeDevices')),
    ...validatePullPolicy(ctr, child(path, 'imagePullPolicy')),
    ...validateResources(ctr, child(path, 'resources')),
    ...validateResizePolicy(ctr, child(path, 'resizePolicy')),
    ...validateSecurityContext(ctr, child(path, 'securityContext')),
  );
  return errs;
}

type IntOrString = NonNullable<NonNullable<Handler['httpGet']>['port']>;

/** ValidatePortNumOrName (validation.go:3047); Go's int32 wraps for IntValue as decoded. */
function validatePortNumOrName(port: IntOrString | null | undefined, path: string): ErrorList {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  return isValidPortNum(0).map((m) => invalid(path, 0, m));
}

const HTTP_SCHEMES = ['HTTP', 'HTTPS'];
const httpHeaderNameFmt = '[-A-Za-z0-9]+';
const httpHeaderNameRegexp = new RegExp(`^${httpHeaderNameFmt}$`);

interface CommonHandler {
  readonly exec?: Handler['exec'];
  readonly httpGet?: Handler['httpGet'];
  readonly tcpSocket?: Handler['tcpSocket'];
  readonly grpc?: Probe['grpc'];
}

/** validateHandler (validation.go:3069) with the actions of 3020-3068 */
function validateHandler(h: CommonHandler, path: string): ErrorList {
  const errs: ErrorList = [];
  let count = 0;
  const more = (name: string): boolean => {
    if (count > 0) {
      errs.push(forbidden(child(path, name), 'may not specify more than 1 handler type'));
      return true;
    }
    count++;
    return false;
  };
  if (h.exec !== undefined && h.exec !== null && !more('exec')) {
    if ((h.exec.command ?? []).length === 0)
      errs.push(required(child(path, 'exec', 'command'), ''));
  }
  if (h.httpGet !== undefined && h.httpGet !== null && !more('httpGet')) {
    const http = h.httpGet;
    const hp = child(path, 'httpGet');
    if (empty(http.path)) errs.push(required(child(hp, 'path'), ''));
    errs.push(...validatePortNumOrName(http.port, child(hp, 'port')));
    const scheme = http.scheme ?? '';
    if (!HTTP_SCHEMES.includes(scheme))
      errs.push(notSupported(child(hp, 'scheme'), scheme, HTTP_SCHEMES));
    for (const header of http.httpHeaders ?? []) {
      const hn = header.name ?? '';
      if (!httpHeaderNameRegexp.test(hn)) {
        errs.push(
          invalid(
            child(hp, 'httpHeaders'),
            hn,
            regexError(
              "a valid HTTP header must consist of alphanumeric characters or '-'",
              httpHeaderNameFmt,
              'X-Header-Name',
            ),
          ),
        );
      }
    }
  }
  if (h.tcpSocket !== undefined && h.tcpSocket !== null && !more('tcpSocket')) {
    errs.push(...validatePortNumOrName(h.tcpSocket.port, child(path, 'tcpSocket', 'port')));
  }
  if (h.grpc !== undefined && h.grpc !== null && !more('grpc')) {
    errs.push(...validatePortNumOrName(h.grpc.port ?? 0, child(path, 'grpc', 'port')));
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

/** validateLifecycle (validation.go:3110) */
function validateLifecycle(lc: NonNullable<Container['lifecycle']>, path: string): ErrorList {
  const errs: ErrorList = [];
  for (const hook of ['postStart', 'preStop'] as const) {
    const h = lc[hook];
    if (h === undefined || h === null) continue;
    errs.push(
      ...validateHandler(
        { exec: h.exec, httpGet: h.httpGet, tcpSocket: h.tcpSocket },
        child(path, hook),
      ),
    );
  }
  return errs;
}

type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe / validateProbe (validation.go:2862-2918) */
function validateProbe(probe: Probe | null | undefined, kind: ProbeKind, path: string): ErrorList {
  if (probe === undefined || probe === null) return [];
  const errs = validateHandler(probe, path);
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    const v = probe[f] ?? 0;
    if (v < 0) errs.push(invalid(child(path, f), v, 'must be greater than or equal to 0'));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (grace !== undefined && grace !== null && grace <= 0) {
    errs.push(
      invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'),
    );
  }
  if (kind !== 'readiness' && (probe.successThreshold ?? 0) !== 1) {
    errs.push(invalid(child(path, 'successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
  }
  if (kind === 'readiness' && grace !== undefined && grace !== null) {
    errs.push(
      invalid(
        child(path, 'terminationGracePeriodSeconds'),
        grace,
        'must not be set for readinessProbes',
      ),
    );
  }
  return errs;
}

function validateProbes(ctr: Container, path: string): ErrorList {
  return [
    ...validateProbe(ctr.livenessProbe, 'liveness', child(path, 'livenessProbe')),
    ...validateProbe(ctr.readinessProbe, 'readiness', child(path, 'readinessProbe')),
    ...validateProbe(ctr.startupProbe, 'startup', child(path, 'startupProbe')),
  ];
}

/** AccumulateUniqueHostPorts / checkHostPortConflicts (validation.go:2990, 3015) */
function checkHostPortConflicts(containers: readonly Container[], path: string): ErrorList {
  const errs: ErrorList = [];
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    (ctr.ports ?? []).forEach((port, pi) => {
      const hp = port.hostPort ?? 0;
      if (hp === 0) return;
      const id = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${hp}`;
      if (seen.has(id))
        errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), id));
      else seen.add(id);
    });
  });
  return errs;
}

/** validateContainers (validation.go:3392) */
export function validateContainers(
  containers: readonly Container[],
  volumes: Map<string, VolumeInfo>,
  path: string,
): ErrorList {
  if (containers.length === 0) return [required(path, '')];
  const errs: ErrorList = [];
  const names = new Set<string>();
  containers.forEach((ctr, i) => {
    const idx = index(path, i);
    errs.push(...validateContainerCommon(ctr, volumes, idx));
    const name = ctr.name ?? '';
    if (names.has(name)) errs.push(duplicate(child(idx, 'name'), name));
    else names.add(name);
    if (present(ctr.lifecycle))
      errs.push(...validateLifecycle(ctr.lifecycle ?? {}, child(idx, 'lifecycle')));
    errs.push(...validateProbes(ctr, idx));
    if (present(ctr.restartPolicy)) {
      errs.push(forbidden(child(idx, 'restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

/** Go's `%#v` of []core.ContainerResizePolicy. */
const goResizePolicies = (ctr: Container): string =>
  `[]core.ContainerResizePolicy{${(ctr.resizePolicy ?? [])
    .map(
      (p) =>
        `core.ContainerResizePolicy{ResourceName:${goQuote(p.resourceName ?? '')}, RestartPolicy:${goQuote(p.restartPolicy ?? '')}}`,
    )
    .join(', ')}}`;

const NOT_FOR_INIT = 'may not be set for init containers without restartPolicy=Always';

/** validateInitContainers (validation.go:3254) */
export function validateInitContainers(
  initContainers: readonly Container[],
  containers: readonly Container[],
  volumes: Map<string, VolumeInfo>,
  path: string,
): ErrorList {
  const errs: ErrorList = [];
  const names = new Set(containers.map((c) => c.name ?? ''));
  initContainers.forEach((ctr, i) => {
    const idx = index(path, i);
    errs.push(...validateContainerCommon(ctr, volumes, idx));
    const restartPolicy = ctr.restartPolicy;
    const restartAlways = restartPolicy === 'Always';
    if (restartPolicy !== undefined && restartPolicy !== null && !restartAlways) {
      errs.push(notSupported(child(idx, 'restartPolicy'), restartPolicy, ['Always']));
    }
    const name = ctr.name ?? '';
    if (names.has(name)) errs.push(duplicate(child(idx, 'name'), name));
    else if (name.length > 0) names.add(name);
    errs.push(...checkHostPortConflicts([ctr], path));
    if (restartAlways) {
      if (present(ctr.lifecycle))
        errs.push(...validateLifecycle(ctr.lifecycle ?? {}, child(idx, 'lifecycle')));
      errs.push(...validateProbes(ctr, idx));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (present(ctr[f])) errs.push(forbidden(child(idx, f), NOT_FOR_INIT));
      }
    }
    if ((ctr.resizePolicy ?? []).length > 0) {
      errs.push(
        invalid(
          child(idx, 'resizePolicy'),
          goRaw(goResizePolicies(ctr)),
          'must not be set for init containers',
        ),
      );
    }
  });
  return errs;
}

/** validateWindowsHostProcessPod (validation.go:6990) for a pod without a pod-level security context. */
export function validateWindowsHostProcess(
  initContainers: readonly Container[],
  containers: readonly Container[],
  path: string,
): ErrorList {
  const all = [...initContainers, ...containers];
  const hostProcess = all.filter(
    (c) => c.securityContext?.windowsOptions?.hostProcess === true,
  ).length;
  if (hostProcess === 0) return [];
  const errs: ErrorList = [];
  if (hostProcess !== all.length) {
    errs.push(
      invalid(
        path,
        '',
        'If pod contains any hostProcess containers then all containers must be HostProcess containers',
      ),
    );
  }
  errs.push(
    invalid(
      child(path, 'hostNetwork'),
      false,
      'hostNetwork must be true if pod contains any hostProcess containers',
    ),
  );
  return errs;
}

/** validateContainerOnlyForPod (validation.go:3779) */
export function validateContainersOnlyForPod(
  containers: readonly Container[],
  path: string,
): ErrorList {
  return containers.flatMap((ctr, i) => {
    const image = ctr.image ?? '';
    return image !== goTrimSpace(image)
      ? [
          invalid(
            child(index(path, i), 'image'),
            image,
            'must not have leading or trailing whitespace',
          ),
        ]
      : [];
  });
}
