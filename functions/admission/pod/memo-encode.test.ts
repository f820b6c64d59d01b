import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatInjectedList,
  marshalUpgradeSpecs,
  type SidecarSetUpgradeSpec,
} from '../../../shared/sidecarset/annotations.js';
import { encodeInjectedList, encodeUpgradeSpecs } from './memo-encode.js';

const spec = (name: string, hash: string): SidecarSetUpgradeSpec => ({
  updateTimestamp: '2024-09-05T08:00:00Z',
  hash,
  sidecarSetName: name,
  sidecarList: ['b', 'a<'],
  controllerRevision: '',
});

describe('memoised annotation encoders', () => {
  const specCases: Record<string, SidecarSetUpgradeSpec>[] = [
    {},
    { s1: spec('s1', 'h1') },
    { s1: spec('s1', 'h2') },
    { 'z&': spec('z&', 'h'), a: { ...spec('a', 'h'), updateTimestamp: null, sidecarList: null } },
  ];
  for (const [i, specs] of specCases.entries()) {
    it(`writes what marshalUpgradeSpecs writes, twice: case ${i}`, () => {
      assert.equal(encodeUpgradeSpecs(specs), marshalUpgradeSpecs(specs));
      assert.equal(encodeUpgradeSpecs(structuredClone(specs)), marshalUpgradeSpecs(specs));
    });
  }
  for (const names of [[], ['b', 'a', 'b'], ['é', 'z'], ['']]) {
    it(`writes what formatInjectedList writes: ${JSON.stringify(names)}`, () => {
      assert.equal(encodeInjectedList(names), formatInjectedList(names));
      assert.equal(encodeInjectedList([...names]), formatInjectedList(names));
    });
  }
});
