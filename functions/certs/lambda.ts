/**
 * Lambda entry: any event (an EventBridge schedule, an audit-log
 * subscription naming our Secret, configurations or CRDs) runs one sync.
 * A sync with problems fails the invocation so it shows as an error and the
 * scheduler's retry policy applies.
 */
import { createLogger } from '../../shared/log/index.js';
import { processDeps } from './deps.js';
import { SyncProblemsError, type SyncResult } from './sync.js';

const log = createLogger();
let deps: ReturnType<typeof processDeps> | undefined;

export async function handler(_event: unknown): Promise<SyncResult> {
  deps ??= processDeps(log);
  const result = await deps.sync();
  if (result.problems.length > 0) throw new SyncProblemsError(result);
  return result;
}
