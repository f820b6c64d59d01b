/**
 * Writes shared/api/core/{meta,core-v1}.ts: TypeBox definitions of the
 * Kubernetes core types our resources embed, read from the OpenAPI v3 document
 * that ships with k8s.io/kubernetes (data from the Go module proxy, pinned in
 * infra/dev/versions.env). Run: `npx tsx infra/manifests/gen-core.ts [openapi.json]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { emitCore, type OpenApiDocument } from './core-emitter.js';

const KUBE_VERSION = 'v1.34.4';
const OPENAPI = 'api/openapi-spec/v3/api__v1_openapi.json';

/** The core types kruise-fn's resources embed (their dependencies come along). */
const ROOTS = [
  'Container',
  'ContainerPort',
  'ExecAction',
  'HTTPGetAction',
  'TCPSocketAction',
  'LocalObjectReference',
  'ObjectFieldSelector',
  'ObjectReference',
  'PersistentVolumeClaim',
  'PodTemplateSpec',
  'Volume',
].map((n) => `io.k8s.api.core.v1.${n}`);

async function main(): Promise<void> {
  const gopath = process.env['GOPATH'] ?? join(homedir(), 'go');
  const input =
    process.argv[2] ?? join(gopath, 'pkg/mod/k8s.io', `kubernetes@${KUBE_VERSION}`, OPENAPI);
  const doc = JSON.parse(readFileSync(input, 'utf8')) as OpenApiDocument;
  const source = `Kubernetes ${KUBE_VERSION} ${OPENAPI}`;
  const outDir = resolve(import.meta.dirname, '../../shared/api/core');
  for (const file of emitCore(
    doc,
    [...ROOTS, 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'],
    source,
  )) {
    const path = join(outDir, `${file.module}.ts`);
    const config = (await resolveConfig(path)) ?? {};
    writeFileSync(path, await format(file.text, { ...config, filepath: path }));
    console.log(`wrote ${path}`);
  }
}

await main();
