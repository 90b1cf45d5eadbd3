/** A snapshot of the DB pool, as the metrics endpoints show it. */
export interface PoolStats {
  size: number;
  active: number;
  available: number;
  waiting: number;
}

/** Outcome of asking for a connection: held (call release once) or gave up after the pool timeout. */
export type Acquired = { ok: true; release: () => void } | { ok: false; waitedMs: number };

interface Waiter {
  grant: (acquired: Acquired) => void;
  timer: NodeJS.Timeout;
  settled: boolean;
}

/**
 * A bounded connection pool that really queues: at most `size` holders at once, the rest wait
 * first come, first served. It holds no sockets; the "connection" is the right to spend DB time.
 */
export class DbPool {
  readonly size: number;
  readonly #timeoutMs: number;
  #active = 0;
  // Head index instead of shift(): the queue can hold thousands during a spike.
  #queue: Waiter[] = [];
  #head = 0;
  #waiting = 0;

  constructor(size: number, timeoutMs: number) {
    this.size = size;
    this.#timeoutMs = timeoutMs;
  }

  acquire(): Promise<Acquired> {
    if (this.#active < this.size) {
      this.#active++;
      return Promise.resolve({ ok: true, release: this.#releaser() });
    }
    return new Promise((resolve) => {
      const started = Date.now();
      const waiter: Waiter = {
        grant: resolve,
        settled: false,
        timer: setTimeout(() => {
          waiter.settled = true;
          this.#waiting--;
          resolve({ ok: false, waitedMs: Date.now() - started });
        }, this.#timeoutMs),
      };
      this.#queue.push(waiter);
      this.#waiting++;
    });
  }

  stats(): PoolStats {
    return { size: this.size, active: this.#active, available: this.size - this.#active, waiting: this.#waiting };
  }

  /** Forgets every waiter without answering it: the server is going away. */
  drop(): void {
    for (let i = this.#head; i < this.#queue.length; i++) clearTimeout(this.#queue[i]?.timer);
    this.#queue = [];
    this.#head = 0;
    this.#waiting = 0;
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#handOver();
    };
  }

  // The freed connection goes straight to the oldest live waiter, so `active` stays put.
  #handOver(): void {
    while (this.#head < this.#queue.length) {
      const waiter = this.#queue[this.#head++];
      if (waiter === undefined || waiter.settled) continue;
      waiter.settled = true;
      clearTimeout(waiter.timer);
      this.#waiting--;
      this.#compact();
      waiter.grant({ ok: true, release: this.#releaser() });
      return;
    }
    this.#compact();
    this.#active--;
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
