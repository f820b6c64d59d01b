import type { V1PodSpec, V1Volume } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPodSpec, defaultVolumes } from './pod-defaults.js';

describe('defaultVolumes', () => {
  it('applies the per-source defaults', () => {
    const volumes: V1Volume[] = [
      { name: 'none' },
      { name: 'secret', secret: { secretName: 's' } },
      {
        name: 'dapi',
        downwardAPI: { items: [{ path: 'p', fieldRef: { fieldPath: 'metadata.name' } }] },
      },
      { name: 'iscsi', iscsi: { targetPortal: 't', iqn: 'i', lun: 0 } },
      { name: 'rbd', rbd: { monitors: ['m'], image: 'i' } },
      { name: 'disk', azureDisk: { diskName: 'd', diskURI: 'u' } },
      { name: 'scale', scaleIO: { gateway: 'g', system: 's', secretRef: { name: 'x' } } },
      { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
    ];
    defaultVolumes(volumes);
    assert.deepStrictEqual(volumes, [
      { name: 'none', emptyDir: {} },
      { name: 'secret', secret: { secretName: 's', defaultMode: 420 } },
      {
        name: 'dapi',
        downwardAPI: {
          defaultMode: 420,
          items: [{ path: 'p', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }],
        },
      },
      { name: 'iscsi', iscsi: { targetPortal: 't', iqn: 'i', lun: 0, iscsiInterface: 'default' } },
      {
        name: 'rbd',
        rbd: {
          monitors: ['m'],
          image: 'i',
          pool: 'rbd',
          user: 'admin',
          keyring: '/etc/ceph/keyring',
        },
      },
      {
        name: 'disk',
        azureDisk: {
          diskName: 'd',
          diskURI: 'u',
          cachingMode: 'ReadWrite',
          kind: 'Shared',
          fsType: 'ext4',
          readOnly: false,
        },
      },
      {
        name: 'scale',
        scaleIO: {
          gateway: 'g',
          system: 's',
          secretRef: { name: 'x' },
          storageMode: 'ThinProvisioned',
          fsType: 'xfs',
        },
      },
      {
        name: 'proj',
        projected: {
          defaultMode: 420,
          sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }],
        },
      },
    ]);
  });
});

describe('defaultPodSpec', () => {
  it('defaults the pod spec, init containers by tag and containers to Always', () => {
    const spec: V1PodSpec = {
      initContainers: [
        { name: 'init', image: 'busybox:1.36', startupProbe: { exec: { command: ['true'] } } },
      ],
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    };
    defaultPodSpec(spec);
    assert.deepStrictEqual(spec, {
      initContainers: [
        {
          name: 'init',
          image: 'busybox:1.36',
          startupProbe: {
            exec: { command: ['true'] },
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3,
          },
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      containers: [
        {
          name: 'app',
          image: 'nginx:1.25',
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
    });
  });
});
