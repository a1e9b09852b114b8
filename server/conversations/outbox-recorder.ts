import type { DataSource, EntityManager } from 'typeorm';
import { recordConsentChange, type ConsentChange } from '../contacts/consent';
import { isMysql } from '../db/data-source';
import { Message, type Contact } from '../db/entities';
import { inTransaction } from '../db/transaction';
import { countMessageChanges } from '../reports/message-rollups';
import { counted, type CountedMessage } from '../reports/rollup-keys';
import { runQuery } from '../db/run-query';

export type MessageChanges = Partial<Omit<Message, 'decision' | 'templateVars'>>;

/** How a send ended, to be stored: `before` is the row's counted snapshot taken before the change. */
export interface Outcome { row: Message; contact: Contact; before: CountedMessage; changes: MessageChanges; optOut?: ConsentChange }

interface Waiting extends Outcome { done: (stored: boolean) => void; fail: (err: unknown) => void }

/** Rows per transaction: a few thousand parameters per UPDATE, well under both databases' limits. */
const MAX_ROWS = 500;

/**
 * Stores the outcomes of sends in batches (group commit): every outcome that arrives while a batch is being written
 * waits for the next one, so at hundreds of sends a second a transaction holds hundreds of rows and costs the database
 * one UPDATE per kind of outcome, one grouped upsert of the report counts and one commit, instead of a transaction
 * each. An outcome is resolved only once its batch has committed; a batch that fails rejects every outcome in it.
 * As before, a row no longer `sending` (another sender took it over after this one's lease ran out) is neither
 * changed nor counted.
 */
export class OutboxRecorder {
  private waiting: Waiting[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly ds: DataSource) {}

  /** Resolves, once committed, with whether the row was still this sender's to change. */
  record(outcome: Outcome): Promise<boolean> {
    return new Promise((done, fail) => {
      this.waiting.push({ ...outcome, done, fail });
      this.kick();
    });
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = (async () => {
      // Let the other answers that arrived in this turn of the event loop join the first batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, MAX_ROWS);
        try {
          const stored = await this.store(batch);
          for (const w of batch) w.done(stored.has(w.row.id));
        } catch (err) {
          for (const w of batch) w.fail(err);
        }
      }
    })().finally(() => {
      this.writing = null;
      if (this.waiting.length) this.kick();
    });
  }

  /**
   * On MariaDB the batch is first written without locking its rows beforehand: nearly always every row is still
   * `sending` and the UPDATE's count says so. When it says otherwise (another sender recovered a row after this one's
   * lease ran out) that transaction is rolled back and the batch written again, locking first to learn which rows.
   */
  private async store(batch: Waiting[]): Promise<Set<number>> {
    try {
      return await inTransaction(this.ds, (em) => this.write(em, batch, false));
    } catch (err) {
      if (!(err instanceof SomeRowTaken)) throw err;
      return inTransaction(this.ds, (em) => this.write(em, batch, true));
    }
  }

  /** One UPDATE per kind of outcome (same status, same columns changed), then their counts and any opt-outs. */
  private async write(em: EntityManager, batch: Waiting[], lockFirst: boolean): Promise<Set<number>> {
    const groups = new Map<string, Waiting[]>();
    for (const w of batch) {
      const key = `${w.changes.status}\u0000${Object.keys(w.changes).sort().join(',')}`;
      const group = groups.get(key);
      if (group) group.push(w); else groups.set(key, [w]);
    }
    const stored = new Set<number>();
    for (const group of groups.values()) {
      for (const id of await updateSending(em, group, lockFirst)) stored.add(id);
    }
    // The counted fields as changed, not a spread of the whole row (thirty columns, the decision among them).
    const after = (w: Waiting) => Object.assign(counted(w.row), w.changes, { id: w.row.id, contactId: w.row.contactId });
    await countMessageChanges(em, batch.filter((w) => stored.has(w.row.id)).map((w) => ({ before: w.before, after: after(w), contact: w.contact })));
    for (const w of batch) if (w.optOut) await recordConsentChange(em, w.contact, w.optOut);
    return stored;
  }
}

/** A row of the batch was no longer `sending`: written again with `lockFirst` (see OutboxRecorder.store). */
class SomeRowTaken extends Error {}

/**
 * Applies each row's changes, one statement for the group (all change the same columns): a column every row sets to
 * the same value is set once, the others by `CASE id WHEN … THEN … END`. Only rows still `sending` change; answers
 * their ids. SQLite's UPDATE says which itself (RETURNING id). On MariaDB, with `lockFirst` the rows still `sending`
 * are locked (FOR UPDATE) to know which; without, the UPDATE must change every row, or SomeRowTaken is thrown.
 */
async function updateSending(em: EntityManager, group: Outcome[], lockFirst: boolean): Promise<number[]> {
  const { driver } = em.connection;
  const meta = em.connection.getMetadata(Message);
  const mysql = isMysql(em.connection);
  let ids = group.map((o) => o.row.id);
  if (mysql && lockFirst) {
    const marks = ids.map(() => '?').join(', ');
    const locked = await em.query(`SELECT id FROM messages WHERE id IN (${marks}) AND status = 'sending' FOR UPDATE`, ids) as Array<{ id: number }>;
    ids = locked.map((r) => Number(r.id));
    if (!ids.length) return [];
  }
  // Only the rows just locked, when some were taken (a set: a batch is hundreds of rows).
  const lockedIds = new Set(ids);
  const rows = ids.length === group.length ? group : group.filter((o) => lockedIds.has(o.row.id));
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const prop of Object.keys(group[0]!.changes) as Array<keyof MessageChanges>) {
    const column = meta.findColumnWithPropertyName(prop)!;
    const name = driver.escape(column.databaseName);
    const values = rows.map((o) => driver.preparePersistentValue(o.changes[prop], column));
    if (values.every((v) => sameValue(v, values[0]))) {
      sets.push(`${name} = ?`);
      params.push(values[0]);
    } else {
      sets.push(`${name} = CASE id ${rows.map(() => 'WHEN ? THEN ?').join(' ')} END`);
      rows.forEach((o, i) => params.push(o.row.id, values[i]));
    }
  }
  // As TypeORM's own UPDATE does for the @UpdatedAt column.
  sets.push(`${driver.escape(meta.updateDateColumn!.databaseName)} = CURRENT_TIMESTAMP`);
  const sql = `UPDATE messages SET ${sets.join(', ')} WHERE id IN (${ids.map(() => '?').join(', ')}) AND status = 'sending'`;
  if (mysql) {
    const result = await runQuery(em, sql, [...params, ...ids]) as { affectedRows?: number };
    if (!lockFirst && result.affectedRows !== ids.length) throw new SomeRowTaken();
    return ids;
  }
  const changed = await em.query(`${sql} RETURNING id`, [...params, ...ids]) as Array<{ id: number }>;
  return changed.map((r) => Number(r.id));
}

const sameValue = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
