/**
 * One input of the reconcile intake fuzz test and what its generator knows
 * of it. `reject`: malformed by construction (its envelope, or the one event
 * it is), so it must be refused; `accept`: a valid envelope (its records
 * good, bad or any), so it must be taken; `any`: random edits, either answer
 * will do. `live` counts the records that may do I/O (those not bad); a bad
 * record, and everything inside an input meant to be refused, names only
 * poisoned objects (reconcile-records.ts).
 */
import type { Json } from './json-mutations.js';

export type Expect = 'reject' | 'accept' | 'any';

export interface Known {
  /** The generator's name for the sort of input, for the tally and failure messages. */
  readonly what: string;
  readonly expect: Expect;
  readonly live: number;
  /** Bad records inside a valid envelope (each names a poisoned object). */
  readonly bad?: number;
  /** A resync (schedule, PingSource) reads every key: I/O with no record to blame. */
  readonly resync?: boolean;
}

export interface HttpCase extends Known {
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface LambdaCase extends Known {
  readonly event: Json | undefined;
}
