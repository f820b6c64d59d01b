/**
 * A label-selector requirement without `key` or `operator`, as a client may
 * send it to a validating webhook (the CRDs require both, so the apiserver
 * itself refuses such an object before it calls a validating webhook, but not
 * every caller goes through it): OpenKruise v1.7.4 answers with the field
 * errors Go gives for "" (Go decodes a missing value string as ""), never
 * with an internal error. The real routes answer through the app, after the
 * real decoder. Field errors follow apimachinery v0.28.9
 * `pkg/apis/meta/v1/validation/validation.go` l. 70-93 (proven against Go in
 * shared/validation/label-selector.test.ts); how each kind
 * wraps them:
 * - SidecarSet: kruise@v1.7.4 `pkg/webhook/sidecarset/validating/sidecarset_create_update_handler.go`
 *   l. 125-135 (selector, namespaceSelector), validateSelector l. 177-190
 *   (ValidateLabelSelector, then LabelSelectorAsSelector's failure as
 *   `selector.selector: Invalid value: …`), denied with code 500;
 * - Advanced StatefulSet: `pkg/webhook/statefulset/validating/statefulset_validation.go`
 *   validateSpecSelector l. 178-193, code 422;
 * - ImagePullJob: `pkg/webhook/imagepulljob/validating/imagepulljob_create_update_handler.go`
 *   l. 68-90 (`invalid selector: ` / `invalid podSelector: ` + LabelSelectorAsSelector's error), code 400.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAdmissionEvent } from '../../../events/admission/load.js';
import { createApp } from '../../../functions/admission/app.js';
import type { AdmissionData } from '../../../functions/admission/cluster/admission-data.js';
import { routeDeps } from '../../../functions/admission/route-deps.js';
import { admissionRoutes } from '../../../functions/admission/routes.js';
import type { SidecarSet } from '../../../shared/api/sidecarset.js';
import { chartDefaultFeatureGates, parseFeatureGates } from '../../../shared/feature-gates.js';
import { createLogger } from '../../../shared/log/index.js';
import { seedReviews } from '../../fuzz/seed-reviews.js';

const data: AdmissionData = {
  synced: true,
  warm: () => undefined,
  sidecarSets: async () => [loadAdmissionEvent<SidecarSet>('sidecarset-log-agent')],
  namespaceLabels: async (name) => ({ 'kubernetes.io/metadata.name': name }),
  controllerRevision: async () => undefined,
  customVersionRevisions: async () => [],
  kruiseConfig: async () => undefined,
};
const app = createApp({
  log: createLogger({ level: 0, destination: { write: () => undefined }, env: {} }),
  routes: admissionRoutes(
    routeDeps({
      data,
      gates: parseFeatureGates(chartDefaultFeatureGates),
      pods: async () => ({ notFound: true }),
    }),
  ),
  notReady: () => undefined,
});

type Review = { request: { operation: string; object: { spec: Record<string, unknown> } } };
/** The seed CREATE review of `path` with `spec` edited. */
function reviewWith(path: string, edit: (spec: Record<string, unknown>) => void): string {
  const seed = seedReviews().find(
    (s) => s.path === path && (s.review as unknown as Review).request.operation === 'CREATE',
  );
  assert.ok(seed, path);
  const review = structuredClone(seed.review) as unknown as Review;
  edit(review.request.object.spec);
  return JSON.stringify(review);
}

async function answer(path: string, body: string) {
  const res = await app.request(path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  const { response } = (await res.json()) as {
    response: { allowed: boolean; status?: { code?: number; message?: string } };
  };
  return {
    http: res.status,
    allowed: response.allowed,
    code: response.status?.code,
    message: response.status?.message,
  };
}

const noKey = { matchExpressions: [{ operator: 'In', values: ['a'] }] };
const noOperator = { matchExpressions: [{ key: 'a', values: ['a'] }] };
const SS = '/validate-apps-kruise-io-v1alpha1-sidecarset';
const STS = '/validate-apps-kruise-io-statefulset';
const IPJ = '/validate-apps-kruise-io-v1alpha1-imagepulljob';

const QUALIFIED =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
/** ValidateLabelSelectorRequirement of a requirement with key "" (l. 84: IsQualifiedName gives two). */
const keyErrors = (path: string) => [
  `${path}.matchExpressions[0].key: Invalid value: "": name part must be non-empty`,
  `${path}.matchExpressions[0].key: Invalid value: "": ${QUALIFIED}`,
];
/** … with operator "" (l. 82). */
const operatorErrors = (path: string) => [
  `${path}.matchExpressions[0].operator: Invalid value: "": not a valid selector operator`,
];
/** `%#v` of the decoded selector, as field.Invalid prints it. */
const shown = (key: string, operator: string) =>
  `v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"${key}", Operator:"${operator}", Values:[]string{"a"}}}}`;
/** The seed StatefulSet is not defaulted: the validation names these first (l. 33, 142, 250). */
const STS_UNDEFAULTED = [
  'spec.podManagementPolicy: Required value',
  'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value',
  'spec.updateStrategy.rollingUpdate.podUpdatePolicy: Required value',
];
const list = (errs: string[]) => `[${errs.join(', ')}]`;

const cases: { path: string; field: string; selector: object; code: number; message: string }[] = [
  ...(['selector', 'namespaceSelector'] as const).flatMap((field) => [
    {
      path: SS,
      field,
      selector: noKey,
      code: 500,
      message: list([
        ...keyErrors(`spec.${field}`),
        `spec.${field}.selector: Invalid value: ${shown('', 'In')}`,
      ]),
    },
    {
      path: SS,
      field,
      selector: noOperator,
      code: 500,
      message: list([
        ...operatorErrors(`spec.${field}`),
        `spec.${field}.selector: Invalid value: ${shown('a', '')}`,
      ]),
    },
  ]),
  {
    path: STS,
    field: 'selector',
    selector: noKey,
    code: 422,
    message: list([
      ...STS_UNDEFAULTED,
      ...keyErrors('spec.selector'),
      `spec.selector: Invalid value: ${shown('', 'In')}`,
    ]),
  },
  {
    path: STS,
    field: 'selector',
    selector: noOperator,
    code: 422,
    message: list([
      ...STS_UNDEFAULTED,
      ...operatorErrors('spec.selector'),
      `spec.selector: Invalid value: ${shown('a', '')}`,
    ]),
  },
  ...(['selector', 'podSelector'] as const).flatMap((field) => [
    {
      path: IPJ,
      field,
      selector: noKey,
      code: 400,
      // helpers.go l. 34 → labels.NewRequirement's aggregated key error.
      message: `invalid ${field}: key: Invalid value: "": name part must be non-empty; ${QUALIFIED}`,
    },
    {
      path: IPJ,
      field,
      selector: noOperator,
      code: 400,
      message: `invalid ${field}: "" is not a valid label selector operator`,
    },
  ]),
];

describe('label-selector requirements without key or operator', () => {
  for (const c of cases) {
    const what = c.selector === noKey ? 'key' : 'operator';
    it(`${c.path}: spec.${c.field} with no ${what} is denied with field errors (code ${c.code})`, async () => {
      const body = reviewWith(c.path, (spec) => {
        if (c.field === 'podSelector') delete spec['selector'];
        spec[c.field] = structuredClone(c.selector);
      });
      assert.deepStrictEqual(await answer(c.path, body), {
        http: 200,
        allowed: false,
        code: c.code,
        message: c.message,
      });
    });
  }
});
