/**
 * The node-wide cap on concurrent pulls (OpenKruise has none, its issue
 * #1995 asks for one): at most `limit` holders; waiters are served in
 * order; a waiter whose signal aborts leaves the queue. `limit` 0 means no cap.
 */
export interface Semaphore {
  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  readonly active: number;
  readonly waiting: number;
  /** A new acquire would wait. */
  readonly full: boolean;
}

export function semaphore(limit: number): Semaphore {
  let active = 0;
  const queue: { grant: () => void }[] = [];
  const release = () => {
    active--;
    const next = queue.shift();
    if (next !== undefined) next.grant();
  };
  const once = () => {
    let done = false;
    return () => {
      if (!done) {
        done = true;
        release();
      }
    };
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    get full() {
      return limit > 0 && (active >= limit || queue.length > 0);
    },
    acquire(signal) {
      if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
      if (limit <= 0 || active < limit) {
        active++;
        return Promise.resolve(once());
      }
      return new Promise((resolve, reject) => {
        const entry = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            active++;
            resolve(once());
          },
        };
        const onAbort = () => {
          const i = queue.indexOf(entry);
          if (i !== -1) queue.splice(i, 1);
          reject(signal?.reason as Error);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(entry);
      });
    },
  };
}
