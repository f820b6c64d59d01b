import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { renderCrds } from './render-crds.js';

const CRD_DIR = resolve(import.meta.dirname, '../crds');
const STALE = 'is stale: run `make manifests` and commit infra/crds';
/** etcd's default request limit is 1.5 MiB; stay well inside it (managedFields double it). */
const MAX_CRD_BYTES = 600 * 1024;

describe('infra/crds', () => {
  const files = renderCrds();

  for (const f of files) {
    it(`${f.name} matches what shared/api generates`, () => {
      let committed: string;
      try {
        committed = readFileSync(join(CRD_DIR, f.name), 'utf8');
      } catch {
        assert.fail(`infra/crds/${f.name} is missing: run \`make manifests\``);
      }
      assert.ok(committed === f.text, `infra/crds/${f.name} ${STALE}`);
    });
  }

  it('holds no CRD that shared/api no longer produces', () => {
    const wanted = files.map((f) => f.name).sort();
    const present = readdirSync(CRD_DIR)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
    assert.deepEqual(present, wanted, `infra/crds ${STALE}`);
  });

  it('keeps every CRD small enough for etcd', () => {
    const sizes = files.map((f) => ({
      name: f.name,
      fits: JSON.stringify(f.crd).length < MAX_CRD_BYTES,
    }));
    assert.deepEqual(
      sizes,
      files.map((f) => ({ name: f.name, fits: true })),
    );
  });
});
