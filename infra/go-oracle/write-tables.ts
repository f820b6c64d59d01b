/** Rewrites the tables taken from Go (see tables.ts). */
import { writeFileSync } from 'node:fs';
import {
  POD_GO_TYPES_FILE,
  GO_ENCODING_FILE,
  PRINT_RANGES_FILE,
  goEncodingSource,
  podGoTypesSource,
  printRangesSource,
} from './tables.js';

writeFileSync(PRINT_RANGES_FILE, await printRangesSource());
writeFileSync(POD_GO_TYPES_FILE, await podGoTypesSource());
writeFileSync(GO_ENCODING_FILE, await goEncodingSource());
console.log(
  `wrote ${PRINT_RANGES_FILE.pathname}, ${POD_GO_TYPES_FILE.pathname} and ${GO_ENCODING_FILE.pathname}`,
);
