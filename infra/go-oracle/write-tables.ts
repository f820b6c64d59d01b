/** Rewrites the tables taken from Go (see tables.ts). */
import { writeFileSync } from 'node:fs';
import {
  POD_GO_TYPES_FILE,
  PRINT_RANGES_FILE,
  podGoTypesSource,
  printRangesSource,
} from './tables.js';

writeFileSync(PRINT_RANGES_FILE, await printRangesSource());
writeFileSync(POD_GO_TYPES_FILE, await podGoTypesSource());
console.log(`wrote ${PRINT_RANGES_FILE.pathname} and ${POD_GO_TYPES_FILE.pathname}`);
