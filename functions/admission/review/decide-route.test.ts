import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { allow, deny, type AdmissionInput, type Decision } from './decision.js';
import { routeDecider } from './decide-route.js';
import type { AdmissionRoute } from './route.js';
import type { JsonObject } from '../../../shared/json.js';

const nodeImage = (images: unknown): JsonObject => ({
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'NodeImage',
  metadata: { name: 'node-1' },
  spec: { images },
});

const update = (object: JsonObject, oldObject: JsonObject): AdmissionInput<JsonObject> => ({
  uid: 'u',
  operation: 'UPDATE',
  kind: { group: 'apps.kruise.io', version: 'v1alpha1', kind: 'NodeImage' },
  resource: { group: 'apps.kruise.io', version: 'v1alpha1', resource: 'nodeimages' },
  namespace: '',
  name: 'node-1',
  object,
  oldObject,
});

/** A route that records what its decision saw. */
function recording(extra: Partial<AdmissionRoute> = {}) {
  const seen: AdmissionInput<JsonObject>[] = [];
  const route: AdmissionRoute = {
    path: '/n',
    kind: { kind: 'NodeImage', apiVersions: ['apps.kruise.io/v1alpha1'] },
    decide: (input) => {
      seen.push(input);
      return allow();
    },
    ...extra,
  };
  return { decide: routeDecider(route), seen };
}

const log = pino({ level: 'silent' });

describe('routeDecider', () => {
  const cases: {
    name: string;
    input: AdmissionInput<JsonObject>;
    want: Decision;
    decided: { object: JsonObject; oldObject?: JsonObject } | undefined;
  }[] = [
    {
      name: 'decides a well-typed update on the objects as given',
      input: update(nodeImage({ a: { tags: [] } }), nodeImage({})),
      want: { allowed: true },
      decided: { object: nodeImage({ a: { tags: [] } }), oldObject: nodeImage({}) },
    },
    {
      name: 'refuses an update whose old object does not decode',
      input: update(nodeImage({}), nodeImage({ a: { tags: 'latest' } })),
      want: deny(
        400,
        'json: cannot unmarshal string into Go struct field ImageSpec.spec.images.tags of type []v1alpha1.ImageTagSpec',
      ),
      decided: undefined,
    },
    {
      name: 'names the new object first when both are wrong',
      input: update(nodeImage([]), nodeImage({ a: 1 })),
      want: deny(
        400,
        'json: cannot unmarshal array into Go struct field NodeImageSpec.spec.images of type map[string]v1alpha1.ImageSpec',
      ),
      decided: undefined,
    },
    {
      name: 'gives both objects Go’s zero values for null map values',
      input: update(nodeImage({ a: null }), nodeImage({ b: null })),
      want: { allowed: true },
      decided: { object: nodeImage({ a: {} }), oldObject: nodeImage({ b: {} }) },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { decide, seen } = recording();
      assert.deepStrictEqual(await decide(c.input, log), c.want);
      const decided = seen.map((s) => ({ object: s.object, oldObject: s.oldObject }));
      assert.deepStrictEqual(decided, c.decided === undefined ? [] : [c.decided]);
    });
  }

  it('answers the early answer without decoding or deciding', async () => {
    const { decide, seen } = recording({ beforeDecode: () => deny(403, 'gate') });
    const input = update(nodeImage('bad'), nodeImage('bad'));
    assert.deepStrictEqual(await decide(input, log), deny(403, 'gate'));
    assert.deepStrictEqual(seen, []);
  });
});
