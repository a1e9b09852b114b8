import type { DataSource } from 'typeorm';
import { ConversationEpisode } from '../db/entities';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { inTransaction } from '../db/transaction';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { QUIET_HOURS, quietEnd } from './episode-state';
import { updateEpisode } from './episode-writes';

const EVERY_MS = 60_000;
const BATCH = 200;

/**
 * Ends the episodes the quiet rule has ended (episode-state.ts: the bot handles the thread and its customer has been
 * quiet QUIET_HOURS), so a report reads them as resolved without applying the rule itself. Each one is ended on its
 * locked conversation after checking the rule again, so a take-over or a text at the same moment wins; any number of
 * nodes may run it. Returns how many it ended. Tests call it directly.
 */
export async function endQuietEpisodes(ds: DataSource, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - QUIET_HOURS * 3_600_000);
  let ended = 0;
  for (let after = 0; ;) {
    const [sql, params] = ds.driver.escapeQueryWithParameters(`SELECT e.id AS id, e.open_for AS conversation FROM conversation_episodes e
      JOIN conversations c ON c.id = e.open_for
      WHERE e.open_for IS NOT NULL AND e.last_inbound_at <= :cutoff AND c.handled_by = 'bot' AND c.status = 'open' AND e.id > :after
      ORDER BY e.id LIMIT ${BATCH}`, { cutoff, after });
    const due = await ds.query(sql, params) as Array<{ id: number | string; conversation: number | string }>;
    for (const row of due) {
      const done = await inTransaction(ds, async (em) => {
        const thread = await conversationsIn(em).lockById(Number(row.conversation));
        const open = await em.findOneBy(ConversationEpisode, { id: Number(row.id) });
        const patch = open && quietEnd(open, thread, now);
        if (patch) await updateEpisode(em, open!.id, open!, patch);
        return patch ? 1 : 0;
      });
      ended += done;
    }
    if (due.length < BATCH) return ended;
    after = Number(due[due.length - 1]!.id);
  }
}

/** Runs endQuietEpisodes every minute on this node until the returned stop is called. */
export function startQuietEpisodes(ds: DataSource, clock: Clock, log: Logger, everyMs = EVERY_MS): () => void {
  const timer = setInterval(() => void endQuietEpisodes(ds, clock.now()).catch((err) => log.warn({ err }, 'ending quiet episodes failed')), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
