import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskedSprintVectors } from '../../../infra/go-oracle/vectors.js';
import { maskGoPointers } from '../../../shared/go/format.js';
import { goInjectRevision, goShareVolumePolicy } from './go-values.js';
import type { DecodedSidecarSetInjectRevision as SidecarSetInjectRevision } from '../../../shared/api/decoded.js';

// Pointer addresses are masked: Go prints a real heap address, which no user
// or controller can rely on.
describe('SidecarSet values against fmt %#v (vectors Go printed, addresses masked)', () => {
  it('renders a SidecarSetInjectRevision as Go does', () => {
    const vectors = maskedSprintVectors('injectRevision', maskGoPointers);
    assert.ok(vectors.length > 0);
    for (const [value, want] of vectors) {
      assert.equal(maskGoPointers(goInjectRevision(value as SidecarSetInjectRevision)), want);
    }
  });

  it('renders a ShareVolumePolicy as Go does', () => {
    const vectors = maskedSprintVectors('shareVolumePolicy', maskGoPointers);
    assert.ok(vectors.length > 0);
    for (const [value, want] of vectors) {
      assert.equal(goShareVolumePolicy((value as { type?: string }).type ?? ''), want);
    }
  });
});
