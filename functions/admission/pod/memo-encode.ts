/**
 * The pod annotations injection writes, memoised by value: the Go-exact
 * encoders (shared/sidecarset) escape strings character by character, while
 * pods of one workload created within the same second carry the same values.
 * A key is the value's JSON, which is one-to-one for these plain values; at
 * most MAX_ENTRIES are kept per encoder (cleared when full), nothing expires
 * because the encoding of a value never changes.
 */
import {
  formatInjectedList,
  marshalUpgradeSpecs,
  type SidecarSetUpgradeSpec,
} from '../../../shared/sidecarset/annotations.js';

const MAX_ENTRIES = 256;

function memoByJson<T>(encode: (value: T) => string): (value: T) => string {
  const known = new Map<string, string>();
  return (value) => {
    const key = JSON.stringify(value);
    let encoded = known.get(key);
    if (encoded === undefined) {
      encoded = encode(value);
      if (known.size >= MAX_ENTRIES) known.clear();
      known.set(key, encoded);
    }
    return encoded;
  };
}

/** marshalUpgradeSpecs, memoised. */
export const encodeUpgradeSpecs: (
  specs: Readonly<Record<string, SidecarSetUpgradeSpec>>,
) => string = memoByJson(marshalUpgradeSpecs);

/** formatInjectedList, memoised. */
export const encodeInjectedList: (names: readonly string[]) => string =
  memoByJson(formatInjectedList);
