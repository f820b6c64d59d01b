/**
 * A value read from the API server and kept across warm invocations, with a
 * stated freshness bound: `get()` only answers with a read that *started*
 * at most `maxAgeMs` ago, sharing one read among concurrent callers. The
 * kube-apiserver serves lists and gets without a resourceVersion as
 * consistent (quorum) reads, so a write that returned before that start is
 * in the answer. With the default 500 ms, an object written 1 s before a
 * request is always seen, on Knative (long-lived process) and on Lambda
 * (frozen between invocations: a frozen read is simply too old) alike.
 * A failed read is never cached and never falls back to older data.
 */

/** Freshness bound of the admission caches; half of the promised 1 s. */
export const DEFAULT_MAX_AGE_MS = 500;

export interface FreshValueOptions {
  readonly maxAgeMs?: number;
  /** Wall clock in ms; the wall clock survives a Lambda freeze, a monotonic one may not. */
  readonly now?: () => number;
}

interface Read<T> {
  readonly startedAt: number;
  readonly value: Promise<T>;
}

export class FreshValue<T> {
  private read: Read<T> | undefined;
  private loaded = false;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly load: () => Promise<T>,
    options: FreshValueOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  /** True once one read has succeeded. */
  get synced(): boolean {
    return this.loaded;
  }

  /** The value of a read started at most maxAgeMs ago (a new read when there is none). */
  get(): Promise<T> {
    const now = this.now();
    const current = this.read;
    // A clock that went backwards makes the age negative: treat that read as stale too.
    const age = current === undefined ? Number.POSITIVE_INFINITY : now - current.startedAt;
    if (current !== undefined && age >= 0 && age <= this.maxAgeMs) return current.value;
    const read: Read<T> = { startedAt: now, value: this.load() };
    this.read = read;
    read.value.then(
      () => (this.loaded = true),
      () => {
        if (this.read === read) this.read = undefined;
      },
    );
    return read.value;
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
