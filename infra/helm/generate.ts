/**
 * Writes the chart's generated files (render-chart-files.ts) and removes
 * generated CRD templates no CRD produces any more.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHART_DIR, renderChartFiles } from './render-chart-files.js';

const chart = fileURLToPath(CHART_DIR);
const files = renderChartFiles();
for (const f of files) {
  const path = join(chart, f.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, f.text);
  console.log(`wrote infra/helm/kruise-fn/${f.path} (${f.text.length} bytes)`);
}
const wanted = new Set(files.map((f) => f.path));
for (const name of readdirSync(join(chart, 'templates/crds'))) {
  if (!wanted.has(`templates/crds/${name}`)) {
    rmSync(join(chart, 'templates/crds', name));
    console.log(`removed infra/helm/kruise-fn/templates/crds/${name}`);
  }
}
