import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openFileKeyPairSource } from '../../../shared/tls/file-source.js';
import { type KeyPair, KeyPairError } from '../../../shared/tls/key-pair-source.js';
import { captureLog, keepAlive, nextChange, testPairs } from '../../support/key-pairs.js';

/** Lays out a folder like the kubelet's Secret volume: files → ..data → a timestamped folder. */
function kubeletVolume(dir: string) {
  let n = 0;
  return (pair: KeyPair): void => {
    const version = join(dir, `..v${++n}`);
    mkdirSync(version);
    writeFileSync(join(version, 'tls.crt'), pair.cert);
    writeFileSync(join(version, 'tls.key'), pair.key);
    symlinkSync(`..v${n}`, join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    for (const f of ['tls.crt', 'tls.key']) {
      try {
        symlinkSync(join('..data', f), join(dir, f));
      } catch {
        // already linked through ..data
      }
    }
  };
}

describe('openFileKeyPairSource', () => {
  let pairs: KeyPair[];
  const dirs: string[] = [];
  const closers: (() => void)[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'kruise-fn-tls-'));
    dirs.push(d);
    return d;
  };
  let release = (): void => undefined;
  after(() => release());
  before(async () => {
    release = keepAlive();
    pairs = await testPairs(3);
  });
  after(() => {
    closers.forEach((close) => close());
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('serves the pair and picks up a kubelet-style Secret update', async () => {
    const dir = tempDir();
    const publish = kubeletVolume(dir);
    publish(pairs[0]!);
    const { log } = captureLog();
    const source = await openFileKeyPairSource(
      { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), pollMs: 200 },
      log,
    );
    closers.push(() => source.close());
    assert.deepEqual(source.current(), pairs[0]);
    const changed = nextChange(source);
    publish(pairs[1]!);
    assert.deepEqual(await changed, pairs[1]);
    assert.deepEqual(source.current(), pairs[1]);
  });

  it('never serves a half-written rotation', async () => {
    const dir = tempDir();
    const certFile = join(dir, 'tls.crt');
    const keyFile = join(dir, 'tls.key');
    writeFileSync(certFile, pairs[0]!.cert);
    writeFileSync(keyFile, pairs[0]!.key);
    const { log, lines } = captureLog();
    const source = await openFileKeyPairSource({ certFile, keyFile, pollMs: 100 }, log);
    closers.push(() => source.close());
    const seen: KeyPair[] = [];
    source.onChange((p) => seen.push(p));
    const changed = nextChange(source);
    writeFileSync(certFile, pairs[2]!.cert);
    await new Promise((r) => setTimeout(r, 300)); // let the watch and a poll see the torn state
    assert.deepEqual(source.current(), pairs[0]);
    writeFileSync(keyFile, pairs[2]!.key);
    assert.deepEqual(await changed, pairs[2]);
    assert.deepEqual(seen, [pairs[2]]);
    assert.ok(
      lines().some(
        (l) => l['msg'] === 'Ignoring an unusable TLS key pair, keeping the current one',
      ),
    );
  });

  it('fails to open without readable files', async () => {
    const dir = tempDir();
    const { log } = captureLog();
    await assert.rejects(
      openFileKeyPairSource({ certFile: join(dir, 'a'), keyFile: join(dir, 'b') }, log),
      (err: unknown) =>
        err instanceof KeyPairError &&
        err.message === `files ${join(dir, 'a')}, ${join(dir, 'b')}: cannot read`,
    );
  });
});
