/**
 * Asks for conversations' assignees in batches: every lookup made in one turn of the event loop is answered by one
 * query. The sender records hundreds of outcomes at once, and each is relayed to its thread's assignee: one query per
 * message was, at thousands a second, most of what the database did for the sender (bench:outbox-send's profile).
 */
export function batchedLookup(read: (ids: number[]) => Promise<Map<number, number | null>>): (id: number) => Promise<number | null> {
  let waiting: Map<number, Array<{ resolve: (owner: number | null) => void; reject: (err: unknown) => void }>> | null = null;

  const flush = async () => {
    const batch = waiting!;
    waiting = null;
    try {
      const owners = await read([...batch.keys()]);
      for (const [id, asks] of batch) for (const ask of asks) ask.resolve(owners.get(id) ?? null);
    } catch (err) {
      for (const asks of batch.values()) for (const ask of asks) ask.reject(err);
    }
  };

  return (id) => new Promise((resolve, reject) => {
    if (!waiting) { waiting = new Map(); setImmediate(() => void flush()); }
    const asks = waiting.get(id);
    if (asks) asks.push({ resolve, reject }); else waiting.set(id, [{ resolve, reject }]);
  });
}
