/**
 * At most `width` holders per key at once, the rest queued in order. The pacer holds a channel's gate from booking a
 * slot until that slot comes, so a node has at most `width` slots of a channel booked ahead: enough that the next
 * booking is made while the previous slot is awaited (the timeline never waits for a node), few enough that 32 sends
 * waiting on a 1/s channel do not book half a minute of it (their leases would run out before their slots).
 */
export class PacerGates {
  private readonly gates = new Map<string, { holders: number; queue: Array<() => void> }>();

  constructor(private readonly width = 2) {}

  async through<T>(key: string, work: () => Promise<T>): Promise<T> {
    const gate = this.gates.get(key) ?? { holders: 0, queue: [] };
    this.gates.set(key, gate);
    if (gate.holders >= this.width) await new Promise<void>((resolve) => gate.queue.push(resolve));
    else gate.holders++;
    try {
      return await work();
    } finally {
      const next = gate.queue.shift();
      if (next) next();   // the holder's place passes straight to the next in line
      else if (--gate.holders === 0) this.gates.delete(key);
    }
  }
}
