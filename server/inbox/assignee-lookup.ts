/** Assignees asked for, answered in batches (see batchedLookup); `tell` answers one from what was just committed. */
export interface AssigneeLookup {
  (id: number): Promise<number | null>;
  /**
   * A conversation's assignee as a commit this process just published says (its `conversation:updated`): the lookups
   * of this turn ask no database for it. A read after that commit could find nothing newer than a read a moment later
   * would, so it is not kept beyond the turn.
   */
  tell(id: number, assigneeId: number | null): void;
}

/**
 * Asks for conversations' assignees in batches: every lookup made in one turn of the event loop is answered by one
 * query. The sender records hundreds of outcomes at once, and each is relayed to its thread's assignee: one query per
 * message was, at thousands a second, most of what the database did for the sender (bench:outbox-send's profile).
 * An inbound text's messages are published with their conversation, whose assignee is told instead (no query).
 */
export function batchedLookup(read: (ids: number[]) => Promise<Map<number, number | null>>): AssigneeLookup {
  let waiting: Map<number, Array<{ resolve: (owner: number | null) => void; reject: (err: unknown) => void }>> | null = null;
  let told = new Map<number, number | null>();
  let turnEnds = false;

  const endOfTurn = () => {
    if (turnEnds) return;
    turnEnds = true;
    setImmediate(() => void flush());
  };

  const flush = async () => {
    const batch = waiting ?? new Map();
    const known = told;
    waiting = null;
    told = new Map();
    turnEnds = false;
    const unknown = [...batch.keys()].filter((id) => !known.has(id));
    try {
      const owners = unknown.length ? await read(unknown) : new Map<number, number | null>();
      for (const [id, asks] of batch) for (const ask of asks) ask.resolve(known.has(id) ? known.get(id)! : owners.get(id) ?? null);
    } catch (err) {
      for (const asks of batch.values()) for (const ask of asks) ask.reject(err);
    }
  };

  const lookup = ((id: number) => new Promise<number | null>((resolve, reject) => {
    waiting ??= new Map();
    endOfTurn();
    const asks = waiting.get(id);
    if (asks) asks.push({ resolve, reject }); else waiting.set(id, [{ resolve, reject }]);
  })) as AssigneeLookup;
  lookup.tell = (id, assigneeId) => {
    told.set(id, assigneeId);
    endOfTurn();
  };
  return lookup;
}
