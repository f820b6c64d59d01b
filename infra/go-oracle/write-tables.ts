/** Rewrites the tables taken from Go (see tables.ts). */
import { writeFileSync } from 'node:fs';
import {
  POD_GO_TYPES_FILE,
  POD_TEMPLATE_ENCODING_FILE,
  PRINT_RANGES_FILE,
  VOLUME_ENCODING_FILE,
  podGoTypesSource,
  podTemplateEncodingSource,
  printRangesSource,
  volumeEncodingSource,
} from './tables.js';

writeFileSync(PRINT_RANGES_FILE, await printRangesSource());
writeFileSync(POD_GO_TYPES_FILE, await podGoTypesSource());
writeFileSync(VOLUME_ENCODING_FILE, await volumeEncodingSource());
writeFileSync(POD_TEMPLATE_ENCODING_FILE, await podTemplateEncodingSource());
console.log(
  `wrote ${PRINT_RANGES_FILE.pathname}, ${POD_GO_TYPES_FILE.pathname}, ${VOLUME_ENCODING_FILE.pathname} and ${POD_TEMPLATE_ENCODING_FILE.pathname}`,
);
