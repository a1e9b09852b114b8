import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './data-source';

export type SqlValue = string | number | boolean | Date | null | object;
type Row = Record<string, SqlValue>;

/** An instant as both dialects store `datetime(3)` here: UTC, 'YYYY-MM-DD HH:MM:SS.mmm' (MariaDB's pool runs in 'Z'). */
const utc = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** The last instant written, as text: a campaign batch stamps one `now` on every row, several columns each. */
let lastInstant = { time: NaN, text: '' };

function sqlValue(v: SqlValue): string | number | null {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) {
    const time = v.getTime();
    if (time !== lastInstant.time) lastInstant = { time, text: utc(v) };
    return lastInstant.text;
  }
  return JSON.stringify(v);   // simple-json columns
}

/**
 * One multi-row INSERT of plain rows keyed by column name, bound as `?` parameters. For bulk writers (a campaign's
 * 100,000 outbox rows): TypeORM's insert builder spends most of a 1,000-row statement naming and transforming each
 * parameter, several times the database's own time. Callers give every column, values already in the column's shape
 * (JSON columns as objects, instants as Dates).
 */
export async function insertRows(em: EntityManager, table: string, rows: Row[]): Promise<void> {
  await insertStatements(em, table, rows, asRow, '');
}

/**
 * As insertRows, each item made a row only as its statement is built: the row objects of a 2,000-contact batch then
 * die young, where rows made up front live through the batch's round trips and are promoted to V8's old space.
 */
export async function insertMapped<T>(em: EntityManager, table: string, items: readonly T[], toRow: (item: T) => Row): Promise<void> {
  await insertStatements(em, table, items, toRow, '');
}

const asRow = (row: Row) => row;

/**
 * As insertRows, with each row's `returning` columns read back by the same statements (INSERT … RETURNING, SQLite
 * 3.35+ and MariaDB 10.5+). Null where the database cannot (MySQL 8), having inserted the rows: the caller reads them.
 */
export async function insertRowsReturning<T>(em: EntityManager, table: string, items: readonly T[], toRow: (item: T) => Row, returning: string[]): Promise<Array<Record<string, unknown>> | null> {
  if (!await hasInsertReturning(em)) {
    await insertMapped(em, table, items, toRow);
    return null;
  }
  return insertStatements(em, table, items, toRow, ` RETURNING ${returning.map(quoter(em)).join(', ')}`);
}

const quoter = (em: EntityManager) => (isMysql(em.connection) ? (name: string) => `\`${name}\`` : (name: string) => `"${name}"`);

async function insertStatements<T>(em: EntityManager, table: string, items: readonly T[], toRow: (item: T) => Row, tail: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  if (!items.length) return out;
  // Each item is mapped exactly once (a mapping may count, as a paced campaign's send times do).
  let first: Row | null = toRow(items[0]!);
  const columns = Object.keys(first);
  const q = quoter(em);
  const head = `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  // Statements of at most ~8,000 parameters: each one's SQL text and parameter array stay small young objects that die
  // young, where one 2,000-row statement's went to V8's large-object space and piled up as garbage until a full GC
  // (a 100,000-recipient campaign's heap grew by 240 MB while holding nothing).
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  let sql = '';
  // The statement before is on its way while this one is built: the database's time and ours overlap.
  let inFlight: Promise<unknown> | null = null;
  const collect = async () => {
    const result = await inFlight;
    if (tail && Array.isArray(result)) for (const row of result) out.push(row as Record<string, unknown>);
  };
  for (let i = 0; i < items.length; i += per) {
    const n = Math.min(per, items.length - i);
    // Every full statement of a batch has the same text.
    if (i === 0 || n !== per) sql = `${head}${Array.from({ length: n }, () => tuple).join(', ')}${tail}`;
    const values = new Array<string | number | null>(n * columns.length);
    let k = 0;
    for (let r = i; r < i + n; r++) {
      const row = first ?? toRow(items[r]!);
      first = null;
      for (const c of columns) values[k++] = sqlValue(row[c] ?? null);
    }
    if (inFlight) await collect();
    inFlight = em.query(sql, values);
    inFlight.catch(() => undefined);   // awaited by collect(); a failure is thrown there, not left unhandled
  }
  await collect();
  return out;
}

const MAX_PARAMS = 8000;

const returningSupport = new WeakMap<DataSource, Promise<boolean>>();

/** SQLite here is better-sqlite3's own (3.35+ has RETURNING); on the MySQL protocol, MariaDB (10.5+) has it, MySQL not. */
function hasInsertReturning(em: EntityManager): Promise<boolean> {
  const ds = em.connection;
  if (!isMysql(ds)) return Promise.resolve(true);
  let known = returningSupport.get(ds);
  if (!known) {
    known = (em.query('SELECT VERSION() AS version') as Promise<Array<{ version: string }>>).then((rows) => /mariadb/i.test(rows[0]?.version ?? ''));
    known.catch(() => returningSupport.delete(ds));   // asked again next time rather than failing every batch after
    returningSupport.set(ds, known);
  }
  return known;
}
