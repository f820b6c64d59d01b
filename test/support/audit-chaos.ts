/**
 * What a lossy, repeating, reordering event source does to audit events, for
 * the chaos tests: each event is dropped with probability `drop`, else
 * delivered `copies` times; the copies wait in a pool that is shuffled on
 * every batch, and only part of it is sent each time, so copies of one event
 * arrive in different batches, after events that came later. Seeded: the same
 * seed and input give the same deliveries. `flush()` sends what is still held.
 */
import { prng } from './prng.js';

export interface ChaosOptions {
  readonly seed: number;
  /** Probability that an event is lost; default 0.3. */
  readonly drop?: number;
  /** Deliveries of every event that is not lost; default 3. */
  readonly copies?: number;
  /** Shuffle and hold back part of the pool on every batch; default true. */
  readonly reorder?: boolean;
}

export interface ChaosStats {
  readonly received: number;
  readonly dropped: number;
  readonly delivered: number;
  readonly held: number;
}

export interface Chaos<T> {
  /** The events of one incoming batch in; the events to deliver now out. */
  take(events: readonly T[]): T[];
  /** Everything still held, shuffled. */
  flush(): T[];
  stats(): ChaosStats;
}

export function createChaos<T>(opts: ChaosOptions): Chaos<T> {
  const random = prng(opts.seed);
  const drop = opts.drop ?? 0.3;
  const copies = opts.copies ?? 3;
  const reorder = opts.reorder ?? true;
  let pool: T[] = [];
  let received = 0;
  let dropped = 0;
  let delivered = 0;
  const shuffle = (items: T[]) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  };
  const send = (out: T[]) => {
    delivered += out.length;
    return out;
  };
  return {
    take(events) {
      for (const event of events) {
        received++;
        if (random() < drop) dropped++;
        else for (let i = 0; i < copies; i++) pool.push(event);
      }
      if (!reorder) return send(pool.splice(0));
      shuffle(pool);
      // Send between a third and all of the pool; the rest waits for a later batch.
      const n = Math.ceil(pool.length * (1 / 3 + (2 / 3) * random()));
      return send(pool.splice(0, n));
    },
    flush() {
      const out = reorder ? shuffle(pool) : pool;
      pool = [];
      return send(out);
    },
    stats: () => ({ received, dropped, delivered, held: pool.length }),
  };
}
