import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashDocument, safeEncode, sidecarSetHash, sidecarSetHashWithoutImage } from './hash.js';

const container = { name: 'container1', image: 'test-image' };
const nativeInit = { ...container, restartPolicy: 'Always' };

// SPEC §2.4 vectors = OpenKruise hash_test.go cases.
const hashCases = [
  {
    name: 'containers',
    spec: { containers: [container] },
    want: 'w26c4x8fz245642fdv499b464248f974xddx4x55z5dw55bc6x66464fxz77dc78',
  },
  {
    name: 'containers and a regular init container (init not hashed)',
    spec: { containers: [container], initContainers: [container] },
    want: 'w26c4x8fz245642fdv499b464248f974xddx4x55z5dw55bc6x66464fxz77dc78',
  },
  {
    name: 'containers and a native sidecar init container',
    spec: { containers: [container], initContainers: [nativeInit] },
    want: '4xwx4d4844vd4v9x79wb4xbxf4xb29475cc4446v8cz2c2f2f5c5bw448vd42z8w',
  },
];

const withoutImageCases = [
  {
    name: 'containers and a regular init container',
    spec: { containers: [container], initContainers: [container] },
    want: '8wzddb4dvv9c6x8zdc77z4z75987424f457dfv6724ddw6zbdx467wz5x24fc759',
  },
  {
    name: 'containers and a native sidecar init container',
    spec: { containers: [container], initContainers: [nativeInit] },
    want: '5725fw8bwbx249bw57v5892c847dzf48bww9zb7c86xb95264fdz26654847b2c8',
  },
];

describe('sidecarSetHash', () => {
  for (const c of hashCases) {
    it(`matches OpenKruise for ${c.name}, and changes with the image`, () => {
      assert.equal(sidecarSetHash(c.spec), c.want);
      const changed = { ...c.spec, containers: [{ ...container, image: 'new-image' }] };
      assert.notEqual(sidecarSetHash(changed), c.want);
    });
  }
});

describe('sidecarSetHashWithoutImage', () => {
  for (const c of withoutImageCases) {
    it(`matches OpenKruise for ${c.name}, and ignores images`, () => {
      assert.equal(sidecarSetHashWithoutImage(c.spec), c.want);
      const changed = {
        containers: [{ ...container, image: 'new-image' }],
        initContainers: c.spec.initContainers.map((i) => ({ ...i, image: 'new-image' })),
      };
      assert.equal(sidecarSetHashWithoutImage(changed), c.want);
    });
  }
});

const documentCases = [
  {
    name: 'the SPEC §2.4 document',
    spec: { containers: [container] },
    want: '{"containers":[{"name":"container1","image":"test-image","resources":{},"upgradeStrategy":{},"shareVolumePolicy":{}}]}',
  },
  {
    name: 'Go field order, struct fields always present, <>& escaped, unknown fields dropped',
    spec: {
      containers: [
        {
          transferEnv: [{ envName: 'TZ', sourceContainerName: 'app' }],
          shareVolumePolicy: { type: 'enabled' },
          podInjectPolicy: 'AfterAppContainer',
          tty: false,
          stdin: true,
          unknownField: 'x',
          env: [{ value: 'a<b&c>', name: 'E' }],
          command: ['sh'],
          image: 'img',
          name: 'c',
        },
      ],
    },
    want:
      '{"containers":[{"name":"c","image":"img","command":["sh"],"env":[{"name":"E","value":"a\\u003cb\\u0026c\\u003e"}],' +
      '"resources":{},"stdin":true,"podInjectPolicy":"AfterAppContainer","upgradeStrategy":{},' +
      '"shareVolumePolicy":{"type":"enabled"},"transferEnv":[{"sourceContainerName":"app","envName":"TZ"}]}]}',
  },
  {
    name: 'defaulted probe, ports, quantities canonical and sorted, divisor always written',
    spec: {
      containers: [
        {
          name: 'c',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { memory: '1024Mi', cpu: '0.5' }, limits: { cpu: 1 } },
          env: [{ name: 'L', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }],
          livenessProbe: {
            httpGet: { path: '/', port: 8080, scheme: 'HTTP' },
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3,
          },
          securityContext: { privileged: false },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
    },
    want:
      '{"containers":[{"name":"c","ports":[{"containerPort":80,"protocol":"TCP"}],' +
      '"env":[{"name":"L","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu","divisor":"0"}}}],' +
      '"resources":{"limits":{"cpu":"1"},"requests":{"cpu":"500m","memory":"1Gi"}},' +
      '"livenessProbe":{"httpGet":{"path":"/","port":8080,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,' +
      '"successThreshold":1,"failureThreshold":3},"terminationMessagePath":"/dev/termination-log",' +
      '"terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent","securityContext":{"privileged":false},' +
      '"upgradeStrategy":{},"shareVolumePolicy":{}}]}',
  },
  {
    name: 'only init containers: containers is null',
    spec: { initContainers: [{ name: 'i', restartPolicy: 'Always' }] },
    want:
      '{"containers":null,"initContainers":[{"name":"i","resources":{},"restartPolicy":"Always",' +
      '"upgradeStrategy":{},"shareVolumePolicy":{}}]}',
  },
];

describe('hashDocument', () => {
  for (const c of documentCases) {
    it(`writes ${c.name}`, () => {
      assert.equal(hashDocument(c.spec), c.want);
    });
  }
});

describe('safeEncode', () => {
  it('maps hex digits onto the SafeEncodeString alphabet', () => {
    assert.equal(safeEncode('0123456789abcdef'), '456789bcdfvwxz24');
  });
});
