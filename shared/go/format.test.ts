import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sprintVectors } from '../../infra/go-oracle/vectors.js';
import { goIntSlice, goStringMap, goStringSlice, maskGoPointers } from './format.js';

describe('%#v renderings against fmt (vectors Go printed)', () => {
  const renderers: [string, (value: never) => string][] = [
    ['stringMap', goStringMap],
    ['stringSlice', goStringSlice],
    ['intSlice', goIntSlice],
  ];
  for (const [shape, render] of renderers) {
    it(`renders ${shape} as Go does`, () => {
      const vectors = sprintVectors(shape);
      assert.ok(vectors.length > 0);
      for (const [value, want] of vectors) assert.equal(render(value as never), want);
    });
  }

  it('maskGoPointers masks heap addresses only', () => {
    assert.equal(
      maskGoPointers('T{A:(*int32)(0xc0002dbc5a), B:(*bool)(nil)}'),
      'T{A:(*int32)(0x…), B:(*bool)(nil)}',
    );
  });
});
