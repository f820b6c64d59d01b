import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { goVectors } from '../../../infra/go-oracle/oracle.js';
import { typeOnlySchema } from './type-only-schema.js';
import type { GoType } from './go-type.js';

const accepts = (type: GoType, value: unknown): boolean => {
  const { schema, references } = typeOnlySchema(type);
  return Value.Check(schema, [...references], value);
};

// The fast check may send a valid value to the slow path, never let an invalid one through.
describe('the type-only schema accepts only what Go decodes (vectors Go printed)', () => {
  it('for resource.Quantity', (t) => {
    let accepted = 0;
    for (const v of goVectors('quantity')) {
      const input = v.in as { string?: string; number?: string };
      const value: unknown = input.string ?? JSON.parse(input.number ?? 'null');
      if (!accepts({ kind: 'quantity' }, value)) continue;
      accepted++;
      assert.ok(!('error' in (v.want as object)), JSON.stringify(v.in));
    }
    t.diagnostic(`${accepted} accepted by the fast check`);
    assert.ok(accepted > 0);
  });

  it('for metav1.Time', (t) => {
    let accepted = 0;
    for (const v of goVectors('time')) {
      if (!accepts({ kind: 'time' }, v.in)) continue;
      accepted++;
      assert.ok(!('error' in (v.want as object)), String(v.in));
    }
    t.diagnostic(`${accepted} accepted by the fast check`);
    assert.ok(accepted > 0);
  });
});
