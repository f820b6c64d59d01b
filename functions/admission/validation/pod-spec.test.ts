import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldErr } from './field-error.js';
import { validatePodSpecContainers, type PodSpecSubset } from './pod-spec.js';

const ok = {
  name: 'app',
  image: 'nginx',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePolicy: 'File',
};

describe('validatePodSpecContainers', () => {
  const cases: { name: string; spec: PodSpecSubset; want: string[] }[] = [
    {
      name: 'accepts a valid spec',
      spec: { containers: [ok], volumes: [{ name: 'v', emptyDir: {} }] },
      want: [],
    },
    {
      name: 'requires containers',
      spec: { containers: [] },
      want: ['spec.containers: Required value'],
    },
    {
      name: 'checks container basics',
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
      spec: {
        containers: [
          {
            ...ok,
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
      // a volume with errors does not claim its name (Kubernetes behaviour)
      name: 'checks volume sources',
      spec: {
        containers: [ok],
        volumes: [
          { name: 'v', emptyDir: {}, hostPath: { path: '/' } },
          { name: 'v', emptyDir: {} },
        ],
      },
      want: ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type'],
    },
    {
      name: 'checks volume names',
      spec: {
        containers: [ok],
        volumes: [
          { name: 'v', emptyDir: {} },
          { name: 'v', emptyDir: {} },
          { name: '', emptyDir: {} },
        ],
      },
      want: ['spec.volumes[1].name: Duplicate value: "v"', 'spec.volumes[2].name: Required value'],
    },
    {
      name: 'checks init containers: restartPolicy, probes and names',
      spec: {
        containers: [ok],
        initContainers: [
          { ...ok, restartPolicy: 'OnFailure', livenessProbe: {} },
          { ...ok, name: 'native', restartPolicy: 'Always', livenessProbe: {} },
        ],
      },
      want: [
        'spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
        'spec.initContainers[0].name: Duplicate value: "app"',
        'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
      ],
    },
    {
      name: 'forbids restartPolicy on regular containers',
      spec: { containers: [{ ...ok, restartPolicy: 'Always' }] },
      want: ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepStrictEqual(validatePodSpecContainers(c.spec, 'spec').map(formatFieldErr), c.want),
    );
  }
});
