/**
 * `make manifests`: writes infra/crds/*.yaml from shared/api and removes CRD
 * files no resource produces any more.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderCrds } from './render-crds.js';

export const CRD_DIR = resolve(import.meta.dirname, '../crds');

function main(): void {
  mkdirSync(CRD_DIR, { recursive: true });
  const files = renderCrds();
  for (const f of files) {
    writeFileSync(join(CRD_DIR, f.name), f.text);
    console.log(`wrote infra/crds/${f.name} (${f.text.length} bytes)`);
  }
  const wanted = new Set(files.map((f) => f.name));
  for (const name of readdirSync(CRD_DIR)) {
    if (name.endsWith('.yaml') && !wanted.has(name)) {
      rmSync(join(CRD_DIR, name));
      console.log(`removed infra/crds/${name}`);
    }
  }
}

main();
