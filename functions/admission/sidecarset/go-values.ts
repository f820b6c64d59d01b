/** `%#v` renderings of the SidecarSet values OpenKruise puts in field errors. */
import { goPointer, goStruct } from '../../../shared/go/format.js';
import { goQuote } from '../../../shared/go/quote.js';
import type { DecodedSidecarSetInjectRevision as SidecarSetInjectRevision } from '../../../shared/api/decoded.js';

export const goInjectRevision = (r: SidecarSetInjectRevision): string =>
  goStruct('v1alpha1.SidecarSetInjectRevision', [
    ['CustomVersion', goPointer('string', typeof r.customVersion === 'string')],
    ['RevisionName', goPointer('string', typeof r.revisionName === 'string')],
    ['Policy', goQuote(r.policy ?? '')],
  ]);

export const goShareVolumePolicy = (type: string): string =>
  goStruct('v1alpha1.ShareVolumePolicy', [['Type', goQuote(type)]]);
