/**
 * Table tests of the Kubernetes v1.28 pod validation port (pod-spec.ts,
 * core-containers.ts, core-volumes.ts). Each case names the line of
 * k8s.io/kubernetes@v1.28.9 pkg/apis/core/validation/validation.go it
 * follows; the expected errors are what that code answers (pointers masked) (taken once from
 * infra/go-oracle-validation; test/fuzz/core-validation.test.ts compares
 * thousands of random inputs with it on every run).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskGoPointers } from '../../../shared/go/format.js';
import { formatFieldErr } from '../../../shared/validation/field-error.js';
import { validatePodSpecContainers, type PodSpecSubset } from './pod-spec.js';

describe('validatePodSpecContainers', () => {
  const cases: { name: string; source: string; spec: PodSpecSubset; want: string[] }[] = [
    {
      name: 'accepts a valid spec',
      source: 'pkg/apis/core/validation/validation.go:3943',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
          },
        ],
        volumes: [{ name: 'v', emptyDir: {} }],
      },
      want: [],
    },
    {
      name: 'checks container basics',
      source: 'pkg/apis/core/validation/validation.go:3325',
      spec: {
        containers: [
          { name: 'Bad', imagePullPolicy: 'Sometimes', terminationMessagePolicy: 'Nope' },
        ],
      },
      want: [
        "spec.containers[0].name: Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        'spec.containers[0].image: Required value',
        'spec.containers[0].terminationMessagePolicy: Unsupported value: "Nope": supported values: "File", "FallbackToLogsOnError"',
        'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      ],
    },
    {
      name: 'checks ports, env and mounts',
      source: 'pkg/apis/core/validation/validation.go:2393',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            ports: [
              { containerPort: 70000, protocol: 'ICMP' },
              { name: 'a--b', containerPort: 80, protocol: 'TCP' },
            ],
            env: [{ name: '1X' }],
            volumeMounts: [
              { name: 'v', mountPath: '/a' },
              { name: 'v', mountPath: '/a' },
            ],
          },
        ],
        volumes: [{ name: 'v', emptyDir: {} }],
      },
      want: [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
        'spec.containers[0].ports[1].name: Invalid value: "a--b": must not contain consecutive hyphens',
        "spec.containers[0].env[0].name: Invalid value: \"1X\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
        'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique',
      ],
    },
    {
      name: 'a volume with errors does not claim its name',
      source: 'pkg/apis/core/validation/validation.go:497',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
          },
        ],
        volumes: [
          { name: 'v', emptyDir: {}, hostPath: { path: '/' } },
          { name: 'v', emptyDir: {} },
        ],
      },
      want: ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type'],
    },
    {
      name: 'checks volume names',
      source: 'pkg/apis/core/validation/validation.go:413',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
          },
        ],
        volumes: [
          { name: 'v', emptyDir: {} },
          { name: 'v', emptyDir: {} },
          { name: '', emptyDir: {} },
        ],
      },
      want: ['spec.volumes[1].name: Duplicate value: "v"', 'spec.volumes[2].name: Required value'],
    },
    {
      name: 'init containers: restartPolicy, probes and names',
      source: 'pkg/apis/core/validation/validation.go:3270',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
          },
        ],
        initContainers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            restartPolicy: 'OnFailure',
            livenessProbe: {},
          },
          {
            name: 'native',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            restartPolicy: 'Always',
            livenessProbe: {},
          },
        ],
      },
      want: [
        'spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
        'spec.initContainers[0].name: Duplicate value: "app"',
        'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
        'spec.initContainers[1].livenessProbe: Required value: must specify a handler type',
        'spec.initContainers[1].livenessProbe.successThreshold: Invalid value: 0: must be 1',
      ],
    },
    {
      name: 'forbids restartPolicy on regular containers',
      source: 'pkg/apis/core/validation/validation.go:3428',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            restartPolicy: 'Always',
          },
        ],
      },
      want: ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
    },
    {
      name: 'a mount that names no volume',
      source: 'pkg/apis/core/validation/validation.go:2711',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            volumeMounts: [{ name: 'nope', mountPath: '/x' }],
          },
        ],
      },
      want: ['spec.containers[0].volumeMounts[0].name: Not found: "nope"'],
    },
    {
      name: 'probe handlers and thresholds',
      source: 'pkg/apis/core/validation/validation.go:3105',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            livenessProbe: {
              exec: { command: [] },
              httpGet: { path: '', port: 'HTTP' },
              successThreshold: 2,
              periodSeconds: -1,
            },
            readinessProbe: { tcpSocket: { port: 0 }, terminationGracePeriodSeconds: 0 },
            startupProbe: { grpc: { port: 70000 } },
          },
        ],
      },
      want: [
        'spec.containers[0].livenessProbe.exec.command: Required value',
        'spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type',
        'spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
        'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
        'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0',
        'spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 0: must not be set for readinessProbes',
        'spec.containers[0].startupProbe.grpc.port: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.containers[0].startupProbe.successThreshold: Invalid value: 0: must be 1',
      ],
    },
    {
      name: 'lifecycle hooks',
      source: 'pkg/apis/core/validation/validation.go:3110',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            lifecycle: {
              postStart: {},
              preStop: {
                httpGet: {
                  path: '/',
                  port: 80,
                  scheme: 'ftp',
                  httpHeaders: [{ name: 'bad header', value: '' }],
                },
              },
            },
          },
        ],
      },
      want: [
        'spec.containers[0].lifecycle.postStart: Required value: must specify a handler type',
        'spec.containers[0].lifecycle.preStop.httpGet.scheme: Unsupported value: "ftp": supported values: "HTTP", "HTTPS"',
        "spec.containers[0].lifecycle.preStop.httpGet.httpHeaders: Invalid value: \"bad header\": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
      ],
    },
    {
      name: 'env valueFrom',
      source: 'pkg/apis/core/validation/validation.go:2448',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            env: [
              {
                name: 'A',
                value: 'x',
                valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
              },
              { name: 'B', valueFrom: {} },
              {
                name: 'C',
                valueFrom: {
                  fieldRef: { fieldPath: 'metadata.name' },
                  secretKeyRef: { name: 's', key: '..k' },
                },
              },
              { name: 'D', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.host' } } },
              {
                name: 'E',
                valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1Mi' } },
              },
            ],
          },
        ],
      },
      want: [
        'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
        'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        'spec.containers[0].env[2].valueFrom.fieldRef.apiVersion: Required value',
        'spec.containers[0].env[2].valueFrom.secretKeyRef.key: Invalid value: "..k": must not start with \'..\'',
        'spec.containers[0].env[2].valueFrom: Invalid value: "": may not have more than one field specified at a time',
        'spec.containers[0].env[4].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor\'s values 1m and 1 are supported with the cpu resource',
      ],
    },
    {
      name: 'resources: requests above limits, negatives, names, integers',
      source: 'pkg/apis/core/validation/validation.go:6374',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            resources: { limits: { cpu: '500m' }, requests: { cpu: '1' } },
          },
          {
            name: 'b',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            resources: { limits: { memory: '-1Gi' } },
          },
          {
            name: 'c',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            resources: { limits: { foo: '1' } },
          },
          {
            name: 'd',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            resources: { requests: { 'example.com/gpu': '500m' } },
          },
          {
            name: 'e',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            resources: { limits: { 'hugepages-2Mi': '2Mi' } },
          },
        ],
      },
      want: [
        'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
        'spec.containers[1].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
        'spec.containers[2].resources.limits[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
        'spec.containers[2].resources.limits[foo]: Invalid value: "foo": must be a standard resource for containers',
        'spec.containers[3].resources.requests[example.com/gpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: must be an integer',
        'spec.containers[3].resources.limits: Required value: Limit must be set for non overcommitable resources',
        'spec.containers[4].resources: Forbidden: HugePages require cpu or memory',
      ],
    },
    {
      name: 'security context',
      source: 'pkg/apis/core/validation/validation.go:6824',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            securityContext: {
              privileged: true,
              allowPrivilegeEscalation: false,
              runAsUser: -1,
              procMount: 'x',
              seccompProfile: { type: 'Localhost' },
            },
          },
          {
            name: 'b',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            securityContext: {
              seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'p' },
              windowsOptions: { runAsUserName: 'a\\b\\c' },
            },
          },
        ],
      },
      want: [
        'spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
        'spec.containers[0].securityContext.procMount: Unsupported value: "x": supported values: "Default", "Unmasked"',
        'spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
        'spec.containers[0].securityContext: Invalid value: core.SecurityContext{Capabilities:(*core.Capabilities)(nil), Privileged:(*bool)(0x…), SELinuxOptions:(*core.SELinuxOptions)(nil), WindowsOptions:(*core.WindowsSecurityContextOptions)(nil), RunAsUser:(*int64)(0x…), RunAsGroup:(*int64)(nil), RunAsNonRoot:(*bool)(nil), ReadOnlyRootFilesystem:(*bool)(nil), AllowPrivilegeEscalation:(*bool)(0x…), ProcMount:(*core.ProcMountType)(0x…), SeccompProfile:(*core.SeccompProfile)(0x…)}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
        'spec.containers[1].securityContext.seccompProfile.localhostProfile: Invalid value: core.SeccompProfile{Type:"RuntimeDefault", LocalhostProfile:(*string)(0x…)}: can only be set when seccomp type is Localhost',
        'spec.containers[1].securityContext.windowsOptions.runAsUserName: Invalid value: "a\\\\b\\\\c": runAsUserName cannot contain more than one backslash',
      ],
    },
    {
      name: 'mount propagation, subPath, devices',
      source: 'pkg/apis/core/validation/validation.go:2701',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            volumeMounts: [
              { name: 'v', mountPath: '/a', subPath: '/abs', mountPropagation: 'Bidirectional' },
            ],
            volumeDevices: [{ name: 'v', devicePath: '/a' }],
          },
        ],
        volumes: [{ name: 'v', emptyDir: {} }],
      },
      want: [
        'spec.containers[0].volumeMounts[0].name: Invalid value: "v": must not already exist in volumeDevices',
        'spec.containers[0].volumeMounts[0].mountPath: Invalid value: "/a": must not already exist as a path in volumeDevices',
        'spec.containers[0].volumeMounts.subPath: Invalid value: "/abs": must be a relative path',
        'spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers',
        'spec.containers[0].volumeDevices[0].name: Invalid value: "v": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
        'spec.containers[0].volumeDevices[0].name: Invalid value: "v": must not already exist in volumeMounts',
        'spec.containers[0].volumeDevices[0].devicePath: Invalid value: "/a": must not already exist as a path in volumeMounts',
      ],
    },
    {
      name: 'volume sources, modes and types',
      source: 'pkg/apis/core/validation/validation.go:486',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
          },
        ],
        volumes: [
          { name: 'a', secret: { defaultMode: 512, items: [{ key: '', path: '../x' }] } },
          { name: 'b', hostPath: { path: '/x', type: 'bogus' } },
          { name: 'c', emptyDir: { sizeLimit: '-1' } },
          {
            name: 'd',
            projected: { sources: [{ serviceAccountToken: { path: '', expirationSeconds: 60 } }] },
          },
          { name: 'e', csi: { driver: 'Bad_Driver' } },
          { name: 'f', downwardAPI: { items: [{ path: 'x' }] } },
        ],
      },
      want: [
        'spec.volumes[0].secret.secretName: Required value',
        'spec.volumes[0].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
        'spec.volumes[0].secret.items[0].key: Required value',
        'spec.volumes[0].secret.items[0].path: Invalid value: "../x": must not contain \'..\'',
        'spec.volumes[1].hostPath.type: Unsupported value: "bogus": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
        'spec.volumes[2].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity',
        'spec.volumes[3].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
        'spec.volumes[3].projected.path: Required value',
        "spec.volumes[4].csi.driver: Invalid value: \"Bad_Driver\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        'spec.volumes[5].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required',
      ],
    },
    {
      name: 'native sidecar resizePolicy and host ports',
      source: 'pkg/apis/core/validation/validation.go:3311',
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
          },
        ],
        initContainers: [
          {
            name: 'i',
            image: 'nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
            restartPolicy: 'Always',
            resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
            ports: [
              { containerPort: 80, hostPort: 80, protocol: 'TCP' },
              { containerPort: 81, hostPort: 80, protocol: 'TCP' },
            ],
          },
        ],
      },
      want: [
        'spec.initContainers[0].ports[1].hostPort: Duplicate value: "TCP//80"',
        'spec.initContainers[0].resizePolicy: Invalid value: []core.ContainerResizePolicy{core.ContainerResizePolicy{ResourceName:"cpu", RestartPolicy:"NotRequired"}}: must not be set for init containers',
      ],
    },
    {
      name: 'image whitespace',
      source: 'pkg/apis/core/validation/validation.go:3782',
      spec: {
        containers: [
          {
            name: 'app',
            image: ' nginx',
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePolicy: 'File',
          },
        ],
      },
      want: [
        'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
      ],
    },
  ];
  for (const c of cases) {
    it(`${c.name} (${c.source})`, () =>
      assert.deepStrictEqual(
        validatePodSpecContainers(c.spec, 'spec').map((e) => maskGoPointers(formatFieldErr(e))),
        c.want,
      ));
  }
});
