/**
 * The printer columns of infra/crds/ are OpenKruise v1.7.4's
 * (config/crd/bases/apps.kruise.io_*.yaml at v1.7.4): per version the same
 * columns in the same order, with the same name, type, JSONPath and
 * priority. OpenKruise's columns also carry a `description` (its Go doc
 * comments); ours have none.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

const crds = fileURLToPath(new URL('../crds/', import.meta.url));
const AGE = { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const int = (name: string, jsonPath: string) => ({ name, type: 'integer', jsonPath });
const str = (name: string, jsonPath: string) => ({ name, type: 'string', jsonPath });

const statefulSetColumns = [
  int('DESIRED', '.spec.replicas'),
  int('CURRENT', '.status.replicas'),
  int('UPDATED', '.status.updatedReplicas'),
  int('READY', '.status.readyReplicas'),
  AGE,
  { ...str('CONTAINERS', '.spec.template.spec.containers[*].name'), priority: 1 },
  { ...str('IMAGES', '.spec.template.spec.containers[*].image'), priority: 1 },
];

/** OpenKruise v1.7.4's columns, per CRD file and version. */
const OPENKRUISE: Record<string, Record<string, object[]>> = {
  sidecarsets: {
    v1alpha1: [
      int('MATCHED', '.status.matchedPods'),
      int('UPDATED', '.status.updatedPods'),
      int('READY', '.status.readyPods'),
      AGE,
    ],
  },
  statefulsets: { v1alpha1: statefulSetColumns, v1beta1: statefulSetColumns },
  imagepulljobs: {
    v1alpha1: [
      int('TOTAL', '.status.desired'),
      int('ACTIVE', '.status.active'),
      int('SUCCEED', '.status.succeeded'),
      int('FAILED', '.status.failed'),
      AGE,
      str('MESSAGE', '.status.message'),
    ],
  },
  nodeimages: {
    v1alpha1: [
      int('DESIRED', '.status.desired'),
      int('PULLING', '.status.pulling'),
      int('SUCCEED', '.status.succeeded'),
      int('FAILED', '.status.failed'),
      AGE,
    ],
  },
  containerrecreaterequests: {
    v1alpha1: [
      str('PHASE', '.status.phase'),
      str('POD', '.spec.podName'),
      str('NODE', '.metadata.labels.crr\\.apps\\.kruise\\.io/node-name'),
      AGE,
    ],
  },
};

interface CrdFile {
  spec: { versions: { name: string; additionalPrinterColumns?: object[] }[] };
}

describe('printer columns', () => {
  for (const [plural, versions] of Object.entries(OPENKRUISE)) {
    it(`${plural}: OpenKruise v1.7.4's`, () => {
      const crd = parse(
        readFileSync(join(crds, `apps.kruise.io_${plural}.yaml`), 'utf8'),
      ) as CrdFile;
      assert.deepEqual(
        Object.fromEntries(crd.spec.versions.map((v) => [v.name, v.additionalPrinterColumns])),
        versions,
      );
    });
  }
});
