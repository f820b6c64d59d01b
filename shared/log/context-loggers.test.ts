import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admissionLogger, reconcileLogger } from './context-loggers.js';
import { createLogger } from './create-logger.js';
import { kobj } from './object-ref.js';
import { NOW, captureLines, lineOf } from './test-support.js';

const review = {
  object: kobj({ metadata: { name: 'web-0', namespace: 'default' } }),
  resource: { group: '', version: 'v1', resource: 'pods' },
  user: 'system:serviceaccount:kube-system:replicaset-controller',
  requestID: '0df28fbe-3c2d-4d5d-9d3c-8ec5f3e1f0a1',
};
const ID = '9a1c5e8e-1b2f-4a53-8d6f-1f2e3d4c5b6a';

describe('admissionLogger', () => {
  it('adds controller-runtime admission fields in JSON', () => {
    const { lines, destination } = captureLines();
    const root = createLogger({ format: 'json', destination, now: () => NOW });
    admissionLogger(root, review).info({ injected: 1 }, 'Injected sidecars');
    const line = lineOf(new Error()) - 1;
    root.info('Root');
    assert.deepStrictEqual(lines, [
      `{"ts":${NOW},"caller":"log/context-loggers.test.ts:${line}","msg":"Injected sidecars","object":{"name":"web-0","namespace":"default"},"resource":{"group":"","version":"v1","resource":"pods"},"user":"system:serviceaccount:kube-system:replicaset-controller","requestID":"0df28fbe-3c2d-4d5d-9d3c-8ec5f3e1f0a1","v":0,"injected":1}\n`,
      `{"ts":${NOW},"caller":"log/context-loggers.test.ts:${line + 2}","msg":"Root","v":0}\n`,
    ]);
  });

  it('adds controller-runtime admission fields in text', () => {
    const { lines, destination } = captureLines();
    const root = createLogger({ format: 'text', destination, now: () => NOW, pid: 1 });
    admissionLogger(root, review).error({ err: new Error('denied') }, 'Admission failed');
    const line = lineOf(new Error()) - 1;
    assert.deepStrictEqual(lines, [
      `E1124 14:22:35.587919       1 context-loggers.test.ts:${line}] "Admission failed" err="denied" object="default/web-0" resource={"group":"","version":"v1","resource":"pods"} user="system:serviceaccount:kube-system:replicaset-controller" requestID="0df28fbe-3c2d-4d5d-9d3c-8ec5f3e1f0a1"\n`,
    ]);
  });
});

describe('reconcileLogger', () => {
  const cases = [
    {
      name: 'names a namespaced object under its kind',
      key: { kind: 'StatefulSet', namespace: 'default', name: 'web' },
      text: `controller="statefulset" controllerKind="StatefulSet" StatefulSet="default/web" reconcileID="${ID}"`,
      json: `"controller":"statefulset","controllerKind":"StatefulSet","StatefulSet":{"name":"web","namespace":"default"},"reconcileID":"${ID}"`,
    },
    {
      name: 'names a cluster-scoped object and takes a controller name',
      key: { kind: 'SidecarSet', name: 'log-set', controller: 'sidecarset-controller' },
      text: `controller="sidecarset-controller" controllerKind="SidecarSet" SidecarSet="log-set" reconcileID="${ID}"`,
      json: `"controller":"sidecarset-controller","controllerKind":"SidecarSet","SidecarSet":{"name":"log-set"},"reconcileID":"${ID}"`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const text = captureLines();
      const json = captureLines();
      const opts = { now: () => NOW, pid: 1 };
      const textRoot = createLogger({ ...opts, format: 'text', destination: text.destination });
      const jsonRoot = createLogger({ ...opts, format: 'json', destination: json.destination });
      reconcileLogger(textRoot, c.key, ID).info('Reconciled');
      reconcileLogger(jsonRoot, c.key, ID).info('Reconciled');
      const line = lineOf(new Error()) - 2;
      assert.deepStrictEqual(text.lines, [
        `I1124 14:22:35.587919       1 context-loggers.test.ts:${line}] "Reconciled" ${c.text}\n`,
      ]);
      assert.deepStrictEqual(json.lines, [
        `{"ts":${NOW},"caller":"log/context-loggers.test.ts:${line + 1}","msg":"Reconciled",${c.json},"v":0}\n`,
      ]);
    });
  }

  it('draws a fresh reconcileID for every reconcile', () => {
    const { lines, destination } = captureLines();
    const root = createLogger({ format: 'json', destination });
    reconcileLogger(root, { kind: 'NodeImage', name: 'n1' }).info('A');
    reconcileLogger(root, { kind: 'NodeImage', name: 'n1' }).info('B');
    const ids = lines.map((l) => (JSON.parse(l) as { reconcileID: string }).reconcileID);
    assert.equal(ids.length, 2);
    assert.match(ids[0] ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(ids[0], ids[1]);
  });
});
