import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { goFormats } from '../../infra/go-oracle/oracle.js';

/** Where each kind of vector `go-oracle formats` writes is compared; a new kind needs a line. */
const COMPARED_IN: Readonly<Record<string, string>> = {
  quote: 'shared/go/quote.test.ts',
  atoi: 'shared/go/strconv.test.ts',
  parseBool: 'shared/go/strconv.test.ts',
  marshal: 'shared/go/json.test.ts',
  compact: 'shared/go/json.test.ts',
  syntax: 'shared/go/json-syntax.test.ts',
  stringMap: 'shared/go/json-decode.test.ts',
  utf8: 'shared/go/utf8.test.ts',
  time: 'shared/go/time.test.ts',
  fieldError: 'shared/validation/field-error.test.ts',
  aggregate: 'shared/validation/field-error.test.ts',
  intstr: 'shared/validation/int-or-string.test.ts',
  quantity: 'shared/sidecarset/quantity.test.ts',
  revision: 'functions/reconcile/sidecarset/revision-data.test.ts',
  'statefulset-revision': 'functions/reconcile/statefulset/revisions.test.ts',
  labelSelector: 'shared/validation/label-selector.test.ts',
  'sprint stringMap': 'shared/go/format.test.ts',
  'sprint stringSlice': 'shared/go/format.test.ts',
  'sprint intSlice': 'shared/go/format.test.ts',
  'sprint labelSelector': 'shared/validation/label-selector.test.ts',
  'sprint ownerReference': 'functions/admission/validation/object-meta.test.ts',
  'sprint ownerReferences': 'functions/admission/validation/object-meta.test.ts',
  'sprint intOrString': 'shared/validation/int-or-string.test.ts',
  'sprint rollingUpdate': 'functions/admission/statefulset/go-values.test.ts',
  'sprint updateStrategy': 'functions/admission/statefulset/go-values.test.ts',
  'sprint readinessGates': 'functions/admission/statefulset/go-values.test.ts',
  'sprint injectRevision': 'functions/admission/sidecarset/go-values.test.ts',
  'sprint shareVolumePolicy': 'functions/admission/sidecarset/go-values.test.ts',
};

describe('the Go format vectors', () => {
  it('are all compared by some test', (t) => {
    const { vectors, sweeps } = goFormats();
    const kinds = new Set(
      vectors.map((v) =>
        v.fn === 'sprint' ? `sprint ${(v.in as { shape: string }).shape}` : v.fn,
      ),
    );
    const sweepPoints = Object.values(sweeps).reduce(
      (n, runs) => n + runs.reduce((m, [from, to]) => m + to - from + 1, 0),
      0,
    );
    t.diagnostic(
      `${vectors.length} vectors of ${kinds.size} kinds, ${sweepPoints} sweep code points`,
    );
    assert.deepEqual([...kinds].sort(), Object.keys(COMPARED_IN).sort());
    for (const [kind, file] of Object.entries(COMPARED_IN)) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      assert.ok(text.includes(`'${kind.replace('sprint ', '')}'`), `${file} compares ${kind}`);
    }
  });
});
