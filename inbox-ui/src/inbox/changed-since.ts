/**
 * The conversations changed on screen (by a socket event or the agent's own action) since a list or a thread was
 * asked for. The server reads it some time after it is asked for, so a change seen in between may be newer than what
 * it says, or older; the change is taken as the newer (putting every such change back over a list once it lands, in
 * the order seen, leaves each row as the last change seen says) — else a resolve made while 所有 was loading showed
 * the row open again.
 *
 *   const asked = changes.mark();
 *   const page = await api.conversations(...);
 *   for (const c of changes.since(asked)) place(c);
 */
export function changedSince<T extends { id: number }>(remember = 1000): { seen(item: T): void; mark(): number; since(mark: number): T[] } {
  let seq = 0;
  // The last `remember` conversations changed, oldest first. Only a request still waiting needs an entry, so an
  // inbox open all day forgets; a request that waits while a thousand other conversations change is not expected.
  const latest = new Map<number, { seq: number; item: T }>();
  return {
    seen(item) {
      latest.delete(item.id);   // re-inserted last, so the map stays in the order seen
      latest.set(item.id, { seq: ++seq, item });
      if (latest.size > remember) latest.delete(latest.keys().next().value as number);
    },
    mark: () => seq,
    /** What changed after `mark`, each conversation once (its last change), in the order seen. */
    since(mark) {
      const changed: T[] = [];
      for (const entry of latest.values()) if (entry.seq > mark) changed.push(entry.item);
      return changed;
    },
  };
}
