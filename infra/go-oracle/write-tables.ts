/** Rewrites the tables taken from Go (see tables.ts). */
import { writeFileSync } from 'node:fs';
import {
  POD_GO_TYPES_FILE,
  PRINT_RANGES_FILE,
  VOLUME_ENCODING_FILE,
  podGoTypesSource,
  printRangesSource,
  volumeEncodingSource,
} from './tables.js';

writeFileSync(PRINT_RANGES_FILE, await printRangesSource());
writeFileSync(POD_GO_TYPES_FILE, await podGoTypesSource());
writeFileSync(VOLUME_ENCODING_FILE, await volumeEncodingSource());
console.log(
  `wrote ${PRINT_RANGES_FILE.pathname}, ${POD_GO_TYPES_FILE.pathname} and ${VOLUME_ENCODING_FILE.pathname}`,
);
