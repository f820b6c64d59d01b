/**
 * A value read from the API server and kept across warm invocations, with a
 * stated freshness bound: `get()` only answers with a read that *started* at
 * most `maxAgeMs` ago (wall clock).
 *
 * Why that is the promised bound: the kube-apiserver serves lists and gets
 * without a resourceVersion as consistent (quorum) reads, so a read that
 * started after a write returned contains it. A pod created 1 s after a
 * SidecarSet write returned reaches us at T ≥ W + 1 s; we answer from a read
 * started at S ≥ T − 500 ms ≥ W + 500 ms > W, so the write is in it. The
 * margin absorbs clock slew in this process. On Lambda the process is frozen
 * between invocations; the wall clock keeps running meanwhile (a monotonic
 * one may not), so a read from before a freeze is simply too old and the
 * request waits for a new one. A failed read is never cached and never falls
 * back to older data.
 *
 * Off the hot path: `get()` answers from the newest *finished* read within the
 * bound without waiting for one in flight, and once that read is older than
 * `refreshAfterMs` it starts the next one in the background. A process that
 * stays warm (Knative, min-scale 1) can also `refreshEvery()` on a timer, so
 * requests find a finished read younger than the bound even after idle time;
 * a request only waits when no finished read is within the bound (cold start,
 * after a Lambda freeze, or while reads fail or take longer than the margin).
 */

/** Freshness bound of the admission caches; half of the promised 1 s. */
export const DEFAULT_MAX_AGE_MS = 500;

export interface FreshValueOptions {
  readonly maxAgeMs?: number;
  /** Age of the newest read after which the next one is due; default from the read durations (above). */
  readonly refreshAfterMs?: number;
  /** Wall clock in ms; the wall clock survives a Lambda freeze, a monotonic one may not. */
  readonly now?: () => number;
}

interface Read<T> {
  readonly startedAt: number;
  readonly value: Promise<T>;
}

export class FreshValue<T> {
  /** The finished read that started last. */
  private done: Read<T> | undefined;
  /** The read in flight that started last. */
  private pending: Read<T> | undefined;
  private readonly maxAgeMs: number;
  private readonly fixedRefreshAfterMs: number | undefined;
  private readonly now: () => number;
  /** The slowest recent read in ms (decays by a fifth per read). */
  private slowestMs = 0;

  constructor(
    private readonly load: () => Promise<T>,
    options: FreshValueOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.fixedRefreshAfterMs = options.refreshAfterMs;
    this.now = options.now ?? Date.now;
  }

  /** True once one read has succeeded. */
  get synced(): boolean {
    return this.done !== undefined;
  }

  private get refreshAfterMs(): number {
    if (this.fixedRefreshAfterMs !== undefined) return this.fixedRefreshAfterMs;
    const lead = Math.max(2 * this.slowestMs, 100);
    return Math.max(this.maxAgeMs - lead, this.maxAgeMs / 4);
  }

  // A clock that went backwards makes the age negative: treat that read as stale too.
  private within(read: Read<T> | undefined, now: number, ms: number): read is Read<T> {
    return read !== undefined && now - read.startedAt >= 0 && now - read.startedAt <= ms;
  }

  /** The value of a read started at most maxAgeMs ago; waits only when no finished one is. */
  get(): Promise<T> {
    const now = this.now();
    if (this.within(this.done, now, this.maxAgeMs)) {
      if (!this.within(this.done, now, this.refreshAfterMs)) this.refresh();
      return this.done.value;
    }
    if (this.within(this.pending, now, this.maxAgeMs)) return this.pending.value;
    return this.start(now).value;
  }

  /** Starts a read if one is due and none is in flight; never rejects (get() reports failures). */
  refresh(): void {
    const now = this.now();
    if (this.within(this.pending, now, this.maxAgeMs)) return;
    if (this.within(this.done, now, this.refreshAfterMs)) return;
    this.start(now).value.catch(() => undefined);
  }

  /** Calls refresh() every `ms` on a timer that does not keep the process alive; returns its stop. */
  refreshEvery(ms: number): () => void {
    this.refresh();
    const timer = setInterval(() => this.refresh(), ms);
    timer.unref();
    return () => clearInterval(timer);
  }

  private start(now: number): Read<T> {
    const read: Read<T> = { startedAt: now, value: this.load() };
    this.pending = read;
    const finished = () => {
      if (this.pending === read) this.pending = undefined;
      this.slowestMs = Math.max(this.now() - read.startedAt, this.slowestMs * 0.8);
    };
    read.value.then(() => {
      finished();
      if (this.done === undefined || read.startedAt >= this.done.startedAt) this.done = read;
    }, finished);
    return read;
  }
}

/** FreshValue per key (e.g. one Namespace per name), at most `maxEntries` kept. */
export class FreshMap<K, T> {
  private readonly entries = new Map<K, FreshValue<T>>();

  constructor(
    private readonly load: (key: K) => Promise<T>,
    private readonly options: FreshValueOptions & { readonly maxEntries?: number } = {},
  ) {}

  get(key: K): Promise<T> {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = new FreshValue(() => this.load(key), this.options);
      this.entries.set(key, entry);
      const oldest = this.entries.keys().next();
      if (this.entries.size > (this.options.maxEntries ?? 1000) && oldest.done !== true) {
        this.entries.delete(oldest.value);
      }
    }
    return entry.get();
  }
}
