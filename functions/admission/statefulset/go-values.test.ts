import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskedSprintVectors } from '../../../infra/go-oracle/vectors.js';
import { maskGoPointers } from '../../../shared/go/format.js';
import { goReadinessGates, goRollingUpdate, goUpdateStrategy } from './go-values.js';
import type {
  DecodedRollingUpdateStrategy as RollingUpdateStrategy,
  DecodedStatefulSetSpec as StatefulSetSpec,
} from '../../../shared/api/decoded.js';

type UpdateStrategy = NonNullable<StatefulSetSpec['updateStrategy']>;

// Pointer addresses are masked: Go prints a real heap address, which no user
// or controller can rely on.
describe('Advanced StatefulSet values against fmt %#v (vectors Go printed, addresses masked)', () => {
  const renderers: [string, (value: unknown) => string][] = [
    ['rollingUpdate', (v) => goRollingUpdate(v as RollingUpdateStrategy)],
    ['updateStrategy', (v) => goUpdateStrategy(v as UpdateStrategy)],
    ['readinessGates', (v) => goReadinessGates(v as { conditionType?: string }[] | undefined)],
  ];
  for (const [shape, render] of renderers) {
    it(`renders ${shape} as Go does`, () => {
      const vectors = maskedSprintVectors(shape, maskGoPointers);
      assert.ok(vectors.length > 0);
      for (const [value, want] of vectors) {
        assert.equal(maskGoPointers(render(value ?? undefined)), want, JSON.stringify(value));
      }
    });
  }
});
