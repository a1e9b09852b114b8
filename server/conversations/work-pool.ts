/**
 * Runs at most `limit` jobs at once: a producer awaits `room()` before each `start`, so it never has more than `limit`
 * jobs in flight, and may change its mind while it waited (the sender stopping). `idle` resolves when every job has
 * ended. A job's error goes to `onError`: one failed job does not stop the others.
 */
export class WorkPool {
  private readonly active = new Set<Promise<void>>();

  constructor(private readonly limit: number, private readonly onError: (err: unknown) => void) {}

  async room(): Promise<void> {
    while (this.active.size >= this.limit) await Promise.race(this.active);
  }

  /** Answers the job's own end (errors already given to `onError`), for a producer that waits for its jobs alone. */
  start(job: () => Promise<void>): Promise<void> {
    const running: Promise<void> = job().catch(this.onError).finally(() => this.active.delete(running));
    this.active.add(running);
    return running;
  }

  async idle(): Promise<void> {
    while (this.active.size) await Promise.race(this.active);
  }
}
