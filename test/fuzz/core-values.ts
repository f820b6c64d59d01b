/**
 * Seeded random containers, init containers and volumes for the core
 * validation property test (core-validation.test.ts): each field is drawn
 * from a small pool of valid and invalid values, so that both the accepting
 * and every refusing branch of Kubernetes' checks come up often.
 */
type Rand = () => number;

export class CoreValues {
  /** While set, `v` draws from the valid values only (a container that may well be accepted). */
  private clean = false;

  constructor(private readonly r: Rand) {}

  /** One of `valid`, or (unless clean) of `valid` and `invalid` together. */
  v<T>(valid: readonly T[], invalid: readonly T[]): T {
    return this.pick(this.clean ? valid : [...valid, ...invalid]);
  }

  /** Like maybe, rarer while clean. */
  private opt<T>(p: number, make: () => T): T | undefined {
    return this.maybe(this.clean ? p / 3 : p, make);
  }

  /** One of `values`. */
  pick<T>(values: readonly T[]): T {
    // An index below the length: the element is there (undefined only where the pool holds it).
    return values[Math.floor(this.r() * values.length)] as T;
  }

  /** `make()` with probability `p`, else undefined. */
  maybe<T>(p: number, make: () => T): T | undefined {
    return this.r() < p ? make() : undefined;
  }

  /** Between `min` and `max` values of `make()`. */
  list<T>(min: number, max: number, make: (i: number) => T): T[] {
    const n = min + Math.floor(this.r() * (max - min + 1));
    return Array.from({ length: n }, (_, i) => make(i));
  }

  /** An object without its undefined fields (Go never sees them). */
  private obj(fields: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  }

  private readonly names = [
    'app',
    'sidecar',
    'a',
    'x-1',
    'log-agent',
    'Bad',
    '-x',
    'a.b',
    '',
    'a'.repeat(64),
  ];
  private readonly quantities: readonly (string | number)[] = [
    '1',
    '500m',
    '0.5',
    '2',
    '-1',
    '1Gi',
    '1024Mi',
    '1.5',
    '100m',
    '0',
    '1e3',
    '2Gi',
    '0.0001',
    '-500m',
    3,
    0.25,
    '1k',
    '250m',
    '128Mi',
    '1.9999',
    '1m',
    '1.0000000001',
    '0.1Ki',
    '1.5Gi',
    '9223372036854775807Ki',
    '-0.0000000001',
    '1E',
    '12e-1',
    '1.000000000000000000001',
    '-1.5Mi',
    '123456789012345678901234',
  ];
  private readonly resourceNames = [
    'cpu',
    'memory',
    'ephemeral-storage',
    'hugepages-2Mi',
    'example.com/gpu',
    'foo',
    'kubernetes.io/x',
    'requests.cpu',
    'pods',
    'a/b/c',
    'Bad Name',
    'storage',
    'cpu',
    'memory',
  ];

  private port(): unknown {
    return this.pick<unknown>([
      80,
      8080,
      0,
      65536,
      -1,
      'http',
      'HTTP',
      'x--y',
      '80',
      'metrics-port-long',
    ]);
  }

  handler(grpc: boolean): Record<string, unknown> {
    const kinds = ['exec', 'httpGet', 'tcpSocket', ...(grpc ? ['grpc'] : [])];
    const chosen = new Set(this.list(0, 2, () => this.pick(kinds)));
    const h: Record<string, unknown> = {};
    if (chosen.has('exec'))
      h['exec'] = { command: this.pick([[], ['sh', '-c', 'true'], ['true']]) };
    if (chosen.has('httpGet')) {
      h['httpGet'] = this.obj({
        path: this.pick(['/healthz', '', '/']),
        port: this.port(),
        scheme: this.pick([undefined, 'HTTP', 'HTTPS', 'ftp', '']),
        httpHeaders: this.maybe(0.3, () =>
          this.list(1, 2, () => ({
            name: this.pick(['X-A', 'bad header', '', 'Accept']),
            value: 'v',
          })),
        ),
      });
    }
    if (chosen.has('tcpSocket')) h['tcpSocket'] = { port: this.port() };
    if (chosen.has('grpc'))
      h['grpc'] = this.obj({
        port: this.pick([9090, 0, -1, 70000]),
        service: this.maybe(0.3, () => 'h'),
      });
    return h;
  }

  private probe(): Record<string, unknown> {
    const int = () => this.maybe(0.4, () => this.pick([-1, 0, 1, 5]));
    return this.obj({
      ...this.handler(true),
      initialDelaySeconds: int(),
      timeoutSeconds: int(),
      periodSeconds: int(),
      successThreshold: this.maybe(0.6, () => this.pick([0, 1, 1, 2, -1])),
      failureThreshold: int(),
      terminationGracePeriodSeconds: this.maybe(0.3, () => this.pick([-1, 0, 30])),
    });
  }

  private fieldRef(): Record<string, unknown> {
    return this.obj({
      apiVersion: this.pick(['v1', 'v1', '', 'v2']),
      fieldPath: this.pick([
        'metadata.name',
        "metadata.labels['app']",
        "metadata.annotations['A/B']",
        'spec.host',
        'status.phase',
        'status.hostIPs',
        'bogus',
        '',
        "spec.nodeName['x']",
        'metadata.labels',
        "metadata.labels['-bad-']",
        'metadata.uid',
        'status.podIP',
      ]),
    });
  }

  private resourceFieldRef(volume: boolean): Record<string, unknown> {
    return this.obj({
      containerName: volume ? this.pick(['', 'app', undefined]) : this.maybe(0.2, () => 'app'),
      resource: this.pick([
        'limits.cpu',
        'requests.memory',
        'limits.hugepages-2Mi',
        'bogus',
        '',
        'requests.ephemeral-storage',
      ]),
      divisor: this.maybe(0.5, () => this.pick(['1m', '1', '2', '1Mi', '0', '1k', '1000m'])),
    });
  }

  private keyRef(): Record<string, unknown> {
    return this.obj({
      name: this.pick(['cm', 'Bad_Name', '', 'a.b']),
      key: this.pick(['k', '..a', '', 'a b', '.', 'key.name']),
      optional: this.maybe(0.2, () => true),
    });
  }

  private env(): Record<string, unknown> {
    const from = this.maybe(0.6, () => {
      const src: Record<string, unknown> = {};
      for (const k of this.list(0, 2, () =>
        this.pick(['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef']),
      )) {
        if (k === 'fieldRef') src[k] = this.fieldRef();
        else if (k === 'resourceFieldRef') src[k] = this.resourceFieldRef(false);
        else src[k] = this.keyRef();
      }
      return src;
    });
    return this.obj({
      name: this.pick(['A', '1A', 'my.env', '..x', '.', '', 'a b', 'MY_VAR']),
      value: this.maybe(0.4, () => this.pick(['', 'v'])),
      valueFrom: from,
    });
  }

  private envFrom(): Record<string, unknown> {
    const ref = () => ({ name: this.pick(['cm', '', 'bad_name', 'cm-']) });
    return this.obj({
      prefix: this.maybe(0.4, () => this.pick(['P_', '1x', ''])),
      configMapRef: this.maybe(0.5, ref),
      secretRef: this.maybe(0.4, ref),
    });
  }

  private resourceList(): Record<string, unknown> | undefined {
    return this.maybe(0.6, () =>
      Object.fromEntries(
        this.list(1, 3, () => [this.pick(this.resourceNames), this.pick(this.quantities)]),
      ),
    );
  }

  private securityContext(): Record<string, unknown> {
    const bool = () => this.maybe(0.4, () => this.r() < 0.5);
    return this.obj({
      privileged: bool(),
      runAsUser: this.maybe(0.3, () => this.pick([-1, 0, 1000, 2147483648])),
      runAsGroup: this.maybe(0.3, () => this.pick([-1, 0, 1000, 2147483648])),
      runAsNonRoot: bool(),
      readOnlyRootFilesystem: bool(),
      procMount: this.maybe(0.2, () => this.pick(['Default', 'Unmasked', 'x'])),
      seccompProfile: this.maybe(0.3, () =>
        this.obj({
          type: this.pick(['Localhost', 'RuntimeDefault', 'Unconfined', '', 'x']),
          localhostProfile: this.maybe(0.5, () => this.pick(['p.json', '/abs', '../x'])),
        }),
      ),
      allowPrivilegeEscalation: bool(),
      capabilities: this.maybe(0.3, () => ({
        add: this.list(0, 2, () => this.pick(['CAP_SYS_ADMIN', 'NET_ADMIN'])),
      })),
      windowsOptions: this.maybe(0.2, () =>
        this.obj({
          gmsaCredentialSpecName: this.maybe(0.3, () => this.pick(['ok', 'Bad'])),
          gmsaCredentialSpec: this.maybe(0.3, () => this.pick(['', 'x'])),
          runAsUserName: this.maybe(0.6, () =>
            this.pick([
              '',
              'user',
              'DOM\\user',
              'a\\b\\c',
              'x\u0001',
              '...',
              'u:x',
              'DOMAIN.COM\\u',
              '.bad\\u',
              'd\\',
              'u'.repeat(105),
            ]),
          ),
          hostProcess: this.maybe(0.2, () => this.r() < 0.5),
        }),
      ),
    });
  }

  /** A container meant to be accepted: every field drawn from valid values. */
  validContainer(restartPolicies: readonly (string | undefined)[]): Record<string, unknown> {
    const probe = () =>
      this.pick([
        {
          httpGet: { path: '/healthz', port: this.pick([8080, 'http']), scheme: 'HTTP' },
          successThreshold: 1,
        },
        {
          exec: { command: ['true'] },
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        { tcpSocket: { port: 80 }, successThreshold: 1, timeoutSeconds: 1 },
        { grpc: { port: 9090 }, successThreshold: 1 },
      ]);
    return this.obj({
      name: this.pick(['app', 'sidecar', 'x-1', 'log-agent']),
      image: this.pick(['nginx', 'busybox:1.36']),
      imagePullPolicy: this.pick(['Always', 'IfNotPresent', 'Never']),
      terminationMessagePolicy: this.pick(['File', 'FallbackToLogsOnError']),
      ports: this.maybe(0.4, () => [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]),
      env: this.maybe(0.4, () => [
        { name: 'MY_VAR', value: 'v' },
        { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      ]),
      volumeMounts: this.maybe(0.5, () => [{ name: 'data', mountPath: '/data' }]),
      volumeDevices: this.maybe(0.2, () => [{ name: 'claim', devicePath: '/dev/claim' }]),
      resources: this.maybe(0.5, () => ({
        limits: { cpu: this.pick(['1', '500m']), memory: '128Mi' },
        requests: { cpu: this.pick(['100m', '500m']), memory: this.pick(['64Mi', '128Mi']) },
      })),
      securityContext: this.maybe(0.3, () => ({ runAsUser: 1000, privileged: this.r() < 0.5 })),
      livenessProbe: this.maybe(0.3, probe),
      readinessProbe: this.maybe(0.3, probe),
      startupProbe: this.maybe(0.2, probe),
      lifecycle: this.maybe(0.2, () => ({ preStop: { exec: { command: ['sleep', '1'] } } })),
      restartPolicy: this.pick(restartPolicies),
    });
  }

  /** A container mounting some of `volumeNames` (and names no volume has). */
  container(
    volumeNames: readonly string[],
    restartPolicies: readonly (string | undefined)[],
  ): Record<string, unknown> {
    const mountNames = [...volumeNames, 'missing', ''];
    return this.obj({
      name: this.pick(this.names),
      image: this.pick(['nginx', 'busybox:1.36', ' nginx', 'nginx ', '', 'nginx', 'nginx']),
      imagePullPolicy: this.pick([
        'Always',
        'IfNotPresent',
        'Never',
        'Sometimes',
        '',
        undefined,
        'IfNotPresent',
      ]),
      terminationMessagePolicy: this.pick([
        'File',
        'FallbackToLogsOnError',
        'Bogus',
        '',
        undefined,
        'File',
      ]),
      ports: this.maybe(0.4, () =>
        this.list(1, 3, () =>
          this.obj({
            name: this.maybe(0.6, () =>
              this.pick(['http', 'HTTP', 'a--b', '-x', '1234', 'toolongportname1', '', 'metrics']),
            ),
            containerPort: this.v([80, 8080], [0, 65536, -1]),
            hostPort: this.opt(0.4, () => this.v([0, 80, 8080], [70000, -5])),
            hostIP: this.maybe(0.2, () => this.pick(['', '127.0.0.1'])),
            protocol: this.v(['TCP', 'UDP', 'SCTP'], ['tcp', '', undefined]),
          }),
        ),
      ),
      env: this.opt(0.5, () => this.list(1, 3, () => this.env())),
      envFrom: this.opt(0.3, () => this.list(1, 2, () => this.envFrom())),
      volumeMounts: this.maybe(0.5, () =>
        this.list(1, 3, () =>
          this.obj({
            name: this.pick(mountNames),
            mountPath: this.pick(['/a', '/b', '', '/a', '/dev/x']),
            subPath: this.maybe(0.3, () => this.pick(['x', '/abs', '../up', 'a/../b', ''])),
            subPathExpr: this.maybe(0.2, () => this.pick(['$(X)', '/abs', ''])),
            mountPropagation: this.maybe(0.2, () =>
              this.pick(['None', 'Bidirectional', 'HostToContainer', 'Bogus']),
            ),
            readOnly: this.maybe(0.2, () => true),
          }),
        ),
      ),
      volumeDevices: this.opt(0.25, () =>
        this.list(1, 2, () => ({
          name: this.pick(mountNames),
          devicePath: this.pick(['/dev/x', '/dev/../x', '', '/a', '/dev/y']),
        })),
      ),
      resources: this.maybe(0.6, () =>
        this.obj({
          limits: this.resourceList(),
          requests: this.resourceList(),
          claims: this.maybe(0.1, () => this.list(1, 2, () => ({ name: this.pick(['', 'x']) }))),
        }),
      ),
      resizePolicy: this.opt(0.2, () =>
        this.list(1, 2, () => ({
          resourceName: this.pick(['cpu', 'memory', 'gpu', '']),
          restartPolicy: this.pick(['NotRequired', 'RestartContainer', 'x', '']),
        })),
      ),
      securityContext: this.opt(0.4, () => this.securityContext()),
      livenessProbe: this.opt(0.3, () => this.probe()),
      readinessProbe: this.opt(0.3, () => this.probe()),
      startupProbe: this.opt(0.2, () => this.probe()),
      lifecycle: this.opt(0.3, () =>
        this.obj({
          postStart: this.maybe(0.6, () => this.handler(false)),
          preStop: this.maybe(0.6, () => this.handler(false)),
        }),
      ),
      restartPolicy: this.pick(restartPolicies),
    });
  }

  private keyToPaths(): unknown[] | undefined {
    return this.maybe(0.5, () =>
      this.list(1, 3, () =>
        this.obj({
          key: this.pick(['k', '', 'k2']),
          path: this.pick(['p', '', '../x', '..x', '/abs', 'q', 'p']),
          mode: this.maybe(0.3, () => this.pick([0o644, 0o1000, -1])),
        }),
      ),
    );
  }

  private mode(): number | undefined {
    return this.maybe(0.3, () => this.pick([0o644, 0o1000, -1, 0]));
  }

  private downwardFiles(): unknown[] {
    return this.list(0, 3, () =>
      this.obj({
        path: this.pick(['labels', '', '/abs', 'name', '..x']),
        fieldRef: this.maybe(0.6, () => this.fieldRef()),
        resourceFieldRef: this.maybe(0.4, () => this.resourceFieldRef(true)),
        mode: this.mode(),
      }),
    );
  }

  private readonly sources: Record<string, () => unknown> = {
    emptyDir: () =>
      this.obj({
        sizeLimit: this.maybe(0.4, () => this.pick(['1Gi', '-1', '0', '-500m'])),
        medium: this.maybe(0.2, () => 'Memory'),
      }),
    hostPath: () =>
      this.obj({
        path: this.pick(['/var', '', '/a/../b', 'rel']),
        type: this.maybe(0.5, () => this.pick(['', 'Directory', 'bogus', 'Socket'])),
      }),
    gitRepo: () =>
      this.obj({
        repository: this.pick(['', 'https://x']),
        directory: this.maybe(0.5, () => this.pick(['', '.', '/abs', '..', 'a/..'])),
      }),
    gcePersistentDisk: () =>
      this.obj({
        pdName: this.pick(['', 'pd']),
        partition: this.maybe(0.5, () => this.pick([0, 256, -1, 3])),
      }),
    awsElasticBlockStore: () =>
      this.obj({
        volumeID: this.pick(['', 'vol']),
        partition: this.maybe(0.5, () => this.pick([0, 256, -1])),
      }),
    secret: () =>
      this.obj({
        secretName: this.pick(['', 's']),
        defaultMode: this.mode(),
        items: this.keyToPaths(),
      }),
    nfs: () => ({ server: this.pick(['', 'srv']), path: this.pick(['/x', '', 'rel']) }),
    persistentVolumeClaim: () =>
      this.obj({ claimName: this.pick(['', 'c']), readOnly: this.maybe(0.3, () => true) }),
    downwardAPI: () => this.obj({ defaultMode: this.mode(), items: this.downwardFiles() }),
    configMap: () =>
      this.obj({ name: this.pick(['', 'cm']), defaultMode: this.mode(), items: this.keyToPaths() }),
    vsphereVolume: () => ({ volumePath: this.pick(['', '/p']) }),
    photonPersistentDisk: () => ({ pdID: this.pick(['', 'id']) }),
    portworxVolume: () => ({ volumeID: this.pick(['', 'id']) }),
    projected: () =>
      this.obj({
        defaultMode: this.mode(),
        sources: this.list(0, 3, () =>
          this.obj({
            secret: this.maybe(0.4, () =>
              this.obj({ name: this.pick(['', 's']), items: this.keyToPaths() }),
            ),
            configMap: this.maybe(0.4, () =>
              this.obj({ name: this.pick(['', 'cm']), items: this.keyToPaths() }),
            ),
            downwardAPI: this.maybe(0.3, () => ({ items: this.downwardFiles() })),
            serviceAccountToken: this.maybe(0.3, () =>
              this.obj({
                path: this.pick(['', 'token']),
                expirationSeconds: this.maybe(0.7, () => this.pick([0, 3600, 599, 2 ** 33])),
              }),
            ),
          }),
        ),
      }),
    glusterfs: () => ({ endpoints: this.pick(['', 'ep']), path: this.pick(['', 'vol']) }),
    flocker: () =>
      this.obj({
        datasetName: this.maybe(0.6, () => this.pick(['', 'ds', 'a/b'])),
        datasetUUID: this.maybe(0.4, () => this.pick(['', 'u'])),
      }),
    rbd: () => ({ monitors: this.pick([[], ['m:6789']]), image: this.pick(['', 'img']) }),
    cinder: () =>
      this.obj({
        volumeID: this.pick(['', 'id']),
        secretRef: this.maybe(0.3, () => ({ name: this.pick(['', 's']) })),
      }),
    cephfs: () => ({ monitors: this.pick([[], ['m:6789']]) }),
    fc: () =>
      this.obj({
        targetWWNs: this.maybe(0.6, () => this.pick([[], ['500a'], ['500a', '500b']])),
        wwids: this.maybe(0.4, () => this.pick([[], ['w']])),
        lun: this.maybe(0.6, () => this.pick([0, 256, -1, 3])),
      }),
    flexVolume: () =>
      this.obj({
        driver: this.pick(['', 'example/lvm']),
        options: this.maybe(0.5, () => ({
          [this.pick(['size', 'kubernetes.io/x', 'a.k8s.io/b', 'K8S.IO', 'x.kubernetes.io'])]: 'v',
        })),
      }),
    azureFile: () => ({ secretName: this.pick(['', 's']), shareName: this.pick(['', 'share']) }),
    azureDisk: () =>
      this.obj({
        diskName: this.pick(['', 'd']),
        diskURI: this.pick([
          '',
          'https://a.blob.core.windows.net/c/d.vhd',
          '/subscriptions/x/d',
          'ftp://x',
        ]),
        cachingMode: this.maybe(0.4, () => this.pick(['None', 'ReadOnly', 'Bogus'])),
        kind: this.maybe(0.5, () => this.pick(['Managed', 'Shared', 'Dedicated', 'Bogus'])),
      }),
    storageos: () =>
      this.obj({
        volumeName: this.pick(['', 'vol', 'Bad']),
        volumeNamespace: this.maybe(0.4, () => this.pick(['', 'ns', 'Bad_NS'])),
        secretRef: this.maybe(0.3, () => ({ name: this.pick(['', 's']) })),
      }),
    scaleIO: () => ({
      gateway: this.pick(['', 'gw']),
      system: this.pick(['', 'sys']),
      volumeName: this.pick(['', 'v']),
      secretRef: { name: 's' },
    }),
    iscsi: () =>
      this.obj({
        targetPortal: this.pick(['', '10.0.0.1:3260', 'portal-'.repeat(9)]),
        iqn: this.pick([
          '',
          'iqn.2001-04.com.example:storage',
          'iqn.bad',
          'eui.02004567A425678D',
          'eui.x',
          'naa.' + 'a'.repeat(32),
          'xyz',
        ]),
        lun: this.pick([0, 256, -1, 3]),
        chapAuthDiscovery: this.maybe(0.2, () => true),
        chapAuthSession: this.maybe(0.2, () => true),
        secretRef: this.maybe(0.3, () => ({ name: 's' })),
        initiatorName: this.maybe(0.4, () =>
          this.pick(['iqn.2001-04.com.example:node', 'bad', 'naa.x', 'eui.02004567A425678D']),
        ),
      }),
    quobyte: () =>
      this.obj({
        registry: this.pick([
          '',
          'reg:7861',
          'a:1,b:2',
          'bad',
          '[::1]:7861',
          '[::1]',
          'a:b:c',
          'x]:1',
          '[a]b:1',
        ]),
        volume: this.pick(['', 'vol']),
        tenant: this.maybe(0.3, () => this.pick(['t', 'u'.repeat(65)])),
      }),
    ephemeral: () =>
      this.obj({
        volumeClaimTemplate: this.maybe(0.8, () => {
          const ref = () =>
            this.obj({
              name: this.pick(['', 'snap']),
              kind: this.pick(['', 'PersistentVolumeClaim', 'VolumeSnapshot']),
              apiGroup: this.maybe(0.5, () => this.pick(['', 'snapshot.storage.k8s.io'])),
            });
          const source = this.pick(['dataSource', 'dataSourceRef', 'none']);
          return {
            spec: this.obj({
              accessModes: this.maybe(0.8, () =>
                this.list(1, 2, () =>
                  this.pick(['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'Bogus']),
                ),
              ),
              resources: this.maybe(0.8, () =>
                this.obj({
                  requests: this.maybe(0.9, () => ({
                    storage: this.pick(['1Gi', '0', '-1', '500m']),
                  })),
                }),
              ),
              storageClassName: this.maybe(0.4, () => this.pick(['', 'fast', 'Bad_Class'])),
              volumeMode: this.maybe(0.3, () => this.pick(['Block', 'Filesystem', 'Bogus'])),
              dataSource: source === 'dataSource' ? ref() : undefined,
              dataSourceRef: source === 'dataSourceRef' ? ref() : undefined,
            }),
          };
        }),
      }),
    csi: () =>
      this.obj({
        driver: this.pick(['csi.example.com', '', 'Bad_Driver', 'a'.repeat(64), 'CSI.Example.com']),
        nodePublishSecretRef: this.maybe(0.3, () => ({ name: this.pick(['', 's', 'Bad']) })),
      }),
  };

  /** A volume meant to be accepted, named `name`. */
  validVolume(name: string): Record<string, unknown> {
    return {
      name,
      ...this.pick<Record<string, unknown>>([
        { emptyDir: { sizeLimit: '1Gi' } },
        { hostPath: { path: '/var/log', type: 'Directory' } },
        { secret: { secretName: 's', defaultMode: 0o644, items: [{ key: 'k', path: 'p' }] } },
        { configMap: { name: 'cm', items: [{ key: 'k', path: 'a/b', mode: 0o600 }] } },
        { persistentVolumeClaim: { claimName: 'c' } },
        {
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } },
            ],
          },
        },
        {
          projected: {
            sources: [
              { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
              { configMap: { name: 'cm' } },
            ],
          },
        },
        { csi: { driver: 'csi.example.com' } },
        { nfs: { server: 'srv', path: '/export' } },
      ]),
    };
  }

  /** A volume of zero to two of the sources whose checks are ported. */
  volume(): Record<string, unknown> {
    const v: Record<string, unknown> = {
      name: this.pick(['data', 'config', 'Bad', '', 'a.b', 'data', 'logs']),
    };
    const n = this.pick([0, 1, 1, 1, 1, 2]);
    for (let i = 0; i < n; i++) {
      const k = this.pick(Object.keys(this.sources));
      v[k] = this.sources[k]?.();
    }
    return v;
  }
}
