/**
 * Writes shared/api/core/{meta,core-v1}.ts: TypeBox definitions of the
 * Kubernetes core types our resources embed, read from the OpenAPI v3 document
 * that ships with k8s.io/kubernetes (data from the Go module proxy, pinned in
 * infra/dev/versions.env). Run: `npx tsx infra/manifests/gen-core.ts [kubernetes module dir]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { emitCore, type OpenApiDocument } from './core-emitter.js';

const KUBE_VERSION = 'v1.34.4';
const OPENAPI = 'api/openapi-spec/v3/api__v1_openapi.json';
const APPS_OPENAPI = 'api/openapi-spec/v3/apis__apps__v1_openapi.json';
const COORDINATION_OPENAPI = 'api/openapi-spec/v3/apis__coordination.k8s.io__v1_openapi.json';

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

/** Kinds the functions read and write as objects of their own. */
const KINDS = [
  ...['ConfigMap', 'Event', 'Namespace', 'Node', 'Pod', 'Secret'].map(
    (n) => `io.k8s.api.core.v1.${n}`,
  ),
  'io.k8s.api.apps.v1.ControllerRevision',
  'io.k8s.api.coordination.v1.Lease',
];

async function main(): Promise<void> {
  const gopath = process.env['GOPATH'] ?? join(homedir(), 'go');
  const dir = process.argv[2] ?? join(gopath, 'pkg/mod/k8s.io', `kubernetes@${KUBE_VERSION}`);
  const read = (file: string) =>
    (JSON.parse(readFileSync(join(dir, file), 'utf8')) as OpenApiDocument).components.schemas;
  // The apps document repeats the core and meta definitions it references; they are equal.
  const doc: OpenApiDocument = {
    components: {
      schemas: { ...read(COORDINATION_OPENAPI), ...read(APPS_OPENAPI), ...read(OPENAPI) },
    },
  };
  const source = `Kubernetes ${KUBE_VERSION} ${OPENAPI}, ${APPS_OPENAPI} and ${COORDINATION_OPENAPI}`;
  const outDir = resolve(import.meta.dirname, '../../shared/api/core');
  for (const file of emitCore(
    doc,
    [...ROOTS, 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'],
    source,
    KINDS,
  )) {
    const path = join(outDir, `${file.module}.ts`);
    const config = (await resolveConfig(path)) ?? {};
    writeFileSync(path, await format(file.text, { ...config, filepath: path }));
    console.log(`wrote ${path}`);
  }
}

await main();
