import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Logger } from 'pino';
import { InvalidError } from '../errors.js';
import { createLogger } from './create-logger.js';
import { kobj, kref } from './object-ref.js';
import { NOW, captureLines, lineOf } from './test-support.js';
import { logV } from './verbosity.js';

const pod = { kind: 'Pod', metadata: { name: 'web-0', namespace: 'default' } };
const sidecarSet = { kind: 'SidecarSet', metadata: { name: 'log-set' } };
const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/dockerconfigjson',
  metadata: {
    name: 'regcred',
    namespace: 'default',
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"data":{".dockerconfigjson":"e30="}}',
      team: 'infra',
    },
  },
  data: { '.dockerconfigjson': 'e30=' },
  stringData: { note: 'plain' },
};

interface Case {
  readonly name: string;
  /** klog `-v`; default 0. */
  readonly level?: number;
  readonly method?: 'info' | 'warn' | 'error' | 'debug' | 'trace';
  /** Log through `logV(log, v).info` instead of `method`. */
  readonly v?: number;
  readonly bindings?: readonly Record<string, unknown>[];
  readonly args: readonly unknown[];
  /** Expected lines; `{file}` stands for `create-logger.test.ts:<line>`. */
  readonly text: readonly string[];
  /** Expected lines; `{caller}` stands for `log/create-logger.test.ts:<line>`. */
  readonly json: readonly string[];
}

const I = 'I1124 14:22:35.587919    4242 {file}]';
const E = 'E1124 14:22:35.587919    4242 {file}]';
const W = 'W1124 14:22:35.587919    4242 {file}]';
const TS = '{"ts":1732458155587.919,"caller":"{caller}"';

const cases: readonly Case[] = [
  {
    name: 'writes an info line with keys',
    args: [{ matchedPods: 1, ready: true, image: 'ex/log:1', labels: { app: 'web' } }, 'Synced'],
    text: [`${I} "Synced" matchedPods=1 ready=true image="ex/log:1" labels={"app":"web"}`],
    json: [
      `${TS},"msg":"Synced","v":0,"matchedPods":1,"ready":true,"image":"ex/log:1","labels":{"app":"web"}}`,
    ],
  },
  {
    name: 'renders namespaced and cluster-scoped object references',
    args: [
      { pod: kobj(pod), sidecarSet: kobj(sidecarSet), node: kref(undefined, 'n1') },
      'Injected',
    ],
    text: [`${I} "Injected" pod="default/web-0" sidecarSet="log-set" node="n1"`],
    json: [
      `${TS},"msg":"Injected","v":0,"pod":{"name":"web-0","namespace":"default"},"sidecarSet":{"name":"log-set"},"node":{"name":"n1"}}`,
    ],
  },
  {
    name: 'puts err after the message in text and last in JSON, without v',
    method: 'error',
    args: [
      { pod: kobj(pod), err: new InvalidError([{ path: 'spec.x', detail: 'bad' }]) },
      'Failed',
    ],
    text: [`${E} "Failed" err="spec.x: bad" pod="default/web-0"`],
    json: [
      `${TS},"msg":"Failed","pod":{"name":"web-0","namespace":"default"},"err":"spec.x: bad"}`,
    ],
  },
  {
    name: 'takes the message of an error logged alone and appends its causes',
    method: 'error',
    args: [new Error('update failed', { cause: new Error('conflict') })],
    text: [`${E} "update failed" err="update failed: conflict"`],
    json: [`${TS},"msg":"update failed","err":"update failed: conflict"}`],
  },
  {
    name: 'writes warnings as W lines without v',
    method: 'warn',
    args: [{ err: 'not ready' }, 'Retrying'],
    text: [`${W} "Retrying" err="not ready"`],
    json: [`${TS},"msg":"Retrying","err":"not ready"}`],
  },
  {
    name: 'hides a V(4) line at level 2',
    level: 2,
    v: 4,
    args: ['Hidden'],
    text: [],
    json: [],
  },
  {
    name: 'shows a V(4) line at level 4',
    level: 4,
    v: 4,
    args: [{ sidecarSet: kobj(sidecarSet) }, 'Shown'],
    text: [`${I} "Shown" sidecarSet="log-set"`],
    json: [`${TS},"msg":"Shown","v":4,"sidecarSet":{"name":"log-set"}}`],
  },
  {
    name: 'shows a V(3) line at level 3 with v 3',
    level: 3,
    v: 3,
    args: [{ matchedPods: 3 }, 'SidecarSet updated status success'],
    text: [`${I} "SidecarSet updated status success" matchedPods=3`],
    json: [`${TS},"msg":"SidecarSet updated status success","v":3,"matchedPods":3}`],
  },
  { name: 'treats debug as V(4)', level: 3, method: 'debug', args: ['Hidden'], text: [], json: [] },
  {
    name: 'shows debug at level 4',
    level: 4,
    method: 'debug',
    args: ['Debug'],
    text: [`${I} "Debug"`],
    json: [`${TS},"msg":"Debug","v":4}`],
  },
  { name: 'treats trace as V(5)', level: 4, method: 'trace', args: ['Hidden'], text: [], json: [] },
  {
    name: 'shows trace at level 5',
    level: 5,
    method: 'trace',
    args: ['Trace'],
    text: [`${I} "Trace"`],
    json: [`${TS},"msg":"Trace","v":5}`],
  },
  {
    name: 'writes bindings before call fields; text lets call fields override them',
    bindings: [{ controller: 'sidecarset', step: 'observe' }, { reconcileID: 'r1' }],
    args: [{ step: 'act' }, 'Stepped'],
    text: [`${I} "Stepped" controller="sidecarset" reconcileID="r1" step="act"`],
    json: [
      `${TS},"msg":"Stepped","controller":"sidecarset","step":"observe","reconcileID":"r1","v":0,"step":"act"}`,
    ],
  },
  {
    name: 'redacts secrets at any depth, inside arrays and in bindings',
    bindings: [{ token: 'abc', auths: { reg: { auth: 'dTpw', email: 'a@b' } } }],
    args: [
      {
        registries: [
          { server: 'r1', credentials: { username: 'u', Password: 'p' } },
          [{ identityToken: 'x' }, { 'tls.key': 'k', 'ca-key.pem': 'k', caBundle: 'ca' }],
        ],
        headers: { Authorization: 'Bearer x', accept: 'json' },
        automountServiceAccountToken: false,
      },
      'Resolved',
    ],
    text: [
      `${I} "Resolved" token="[REDACTED]" auths={"reg":{"auth":"[REDACTED]","email":"a@b"}} registries=[{"server":"r1","credentials":{"username":"u","Password":"[REDACTED]"}},[{"identityToken":"[REDACTED]"},{"tls.key":"[REDACTED]","ca-key.pem":"[REDACTED]","caBundle":"ca"}]] headers={"Authorization":"[REDACTED]","accept":"json"} automountServiceAccountToken=false`,
    ],
    json: [
      `${TS},"msg":"Resolved","token":"[REDACTED]","auths":{"reg":{"auth":"[REDACTED]","email":"a@b"}},"v":0,"registries":[{"server":"r1","credentials":{"username":"u","Password":"[REDACTED]"}},[{"identityToken":"[REDACTED]"},{"tls.key":"[REDACTED]","ca-key.pem":"[REDACTED]","caBundle":"ca"}]],"headers":{"Authorization":"[REDACTED]","accept":"json"},"automountServiceAccountToken":false}`,
    ],
  },
  {
    name: 'redacts the data, stringData and last-applied annotation of a whole Secret',
    args: [{ object: secret }, 'Read'],
    text: [
      `${I} "Read" object={"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/dockerconfigjson","metadata":{"name":"regcred","namespace":"default","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"[REDACTED]","team":"infra"}},"data":{".dockerconfigjson":"[REDACTED]"},"stringData":{"note":"[REDACTED]"}}`,
    ],
    json: [
      `${TS},"msg":"Read","v":0,"object":{"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/dockerconfigjson","metadata":{"name":"regcred","namespace":"default","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"[REDACTED]","team":"infra"}},"data":{".dockerconfigjson":"[REDACTED]"},"stringData":{"note":"[REDACTED]"}}}`,
    ],
  },
  {
    name: 'quotes messages and writes multi-line values as klog blocks',
    args: [{ diff: 'a\nb', path: 'C:\\x "y"', empty: null }, 'Line\n"two"'],
    text: [`${I} "Line\\n\\"two\\"" diff=<\n\ta\n\tb\n > path="C:\\\\x \\"y\\"" empty=null`],
    json: [
      `${TS},"msg":"Line\\n\\"two\\"","v":0,"diff":"a\\nb","path":"C:\\\\x \\"y\\"","empty":null}`,
    ],
  },
  {
    name: 'keeps fields named like the line keys as ordinary fields, as zap does',
    args: [{ msg: 'm', ts: 1, caller: 'c', v: 9, '@caller': 'x' }, 'Collide'],
    text: [`${I} "Collide" msg="m" ts=1 caller="c" v=9`],
    json: [`${TS},"msg":"Collide","v":0,"msg":"m","ts":1,"caller":"c","v":9}`],
  },
];

function emit(log: Logger, c: Case): number {
  const target = c.v === undefined ? log[c.method ?? 'info'] : logV(log, c.v).info;
  const at = new Error();
  (target as (...args: unknown[]) => void).apply(log, [...c.args]);
  return lineOf(at) + 1;
}

function run(format: 'text' | 'json', c: Case): { lines: string[]; line: number } {
  const { lines, destination } = captureLines();
  const root = createLogger({
    format,
    level: c.level ?? 0,
    destination,
    now: () => NOW,
    pid: 4242,
  });
  const log = (c.bindings ?? []).reduce((l: Logger, b) => l.child(b), root);
  return { lines, line: emit(log, c) };
}

describe('createLogger output', () => {
  for (const c of cases) {
    it(`text: ${c.name}`, () => {
      const { lines, line } = run('text', c);
      const file = `create-logger.test.ts:${line}`;
      assert.deepStrictEqual(
        lines,
        c.text.map((l) => `${l.replace('{file}', file)}\n`),
      );
    });
    it(`json: ${c.name}`, () => {
      const { lines, line } = run('json', c);
      const caller = `log/create-logger.test.ts:${line}`;
      assert.deepStrictEqual(
        lines,
        c.json.map((l) => `${l.replace('{caller}', caller)}\n`),
      );
    });
  }
});
