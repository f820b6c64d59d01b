/**
 * SortControllerRevisions (kubernetes v1.28.9
 * `pkg/controller/history/controller_history.go` byRevision.Less): the
 * `.revision` first, then the creation time, then the name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerRevision } from '../api/core/apps-v1.js';
import { sortRevisions } from './sort-revisions.js';

const rev = (name: string, revision: number, created = '2024-01-01T00:00:00Z') =>
  ({ metadata: { name, creationTimestamp: created }, revision }) as ControllerRevision;

describe('sortRevisions (history.SortControllerRevisions)', () => {
  it('orders by revision, then creation time, then name', () => {
    const listed = [
      rev('c', 2),
      rev('b', 1, '2024-01-02T00:00:00Z'),
      rev('z', 1),
      rev('a', 1),
      rev('d', 3),
    ];
    assert.deepStrictEqual(
      sortRevisions(listed).map((r) => r.metadata?.name),
      ['a', 'z', 'b', 'c', 'd'],
    );
  });
});
