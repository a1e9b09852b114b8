import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import { mysqlWithTimeouts } from './mysql-timeouts';
import { RollupFlush } from '../reports/rollup-store';

export interface DataSourceSettings {
  databaseUrl?: string;
  dataDir: string;
  logging?: boolean;
  /** DB_TIMEOUT_MS: the longest any request waits for a connection, a statement's answer or SQLite's file lock. */
  timeoutMs?: number;
}

export const DEFAULT_DB_TIMEOUT_MS = 5000;

/** The embedded database's file in DATA_DIR. */
export const SQLITE_FILE = 'huixin.sqlite';

/** The report counts gathered in a transaction are written just before it commits (reports/rollup-store.ts). */
const subscribers = [RollupFlush];

/**
 * SQLite file under dataDir by default (a newcomer needs nothing installed); MySQL/MariaDB from a mysql:// URL.
 * Migrations run on start on both; schema sync is never used outside tests.
 */
export function createDataSource({ databaseUrl, dataDir, logging = false, timeoutMs = DEFAULT_DB_TIMEOUT_MS }: DataSourceSettings): DataSource {
  if (databaseUrl) {
    return new DataSource({
      type: 'mysql',
      url: databaseUrl.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      // A server that is down or unreachable fails the handshake within the bound; every other wait is bounded by
      // the driver wrapper. Keep-alive probes find connections a vanished server left half-open.
      connectTimeout: timeoutMs,
      driver: mysqlWithTimeouts(timeoutMs),
      // trace: false: mysql2 captures a stack trace for every statement to decorate its errors, a fixed cost per
      // statement on the inbound path (3.5% of a webhook's CPU in bench:webhook's profile); TypeORM's QueryFailedError
      // already names the statement, and our logger the request.
      // multipleStatements: db/pipelined-statements.ts sends a transaction's START with its first statement and the
      // roll-up upsert with its COMMIT. Every statement is parameterised (values formatted by mysql2), so a value can
      // never end one statement and begin another.
      extra: { enableKeepAlive: true, keepAliveInitialDelay: 10_000, trace: false, multipleStatements: true },
      entities, migrations, logging, subscribers,
      migrationsTransactionMode: 'each',
    });
  }
  fs.mkdirSync(dataDir, { recursive: true });
  return new DataSource({
    type: 'better-sqlite3',
    database: path.join(dataDir, SQLITE_FILE),
    // WAL lets the simulator read while the pipeline writes; busy_timeout lets two processes share the file, and
    // bounds how long one waits for the other's lock.
    prepareDatabase: (db: SqliteHandle) => {
      db.pragma('journal_mode = WAL');
      db.pragma(`busy_timeout = ${Math.round(timeoutMs)}`);
      beginImmediate(db);
    },
    entities, migrations, logging, subscribers,
    migrationsTransactionMode: 'each',
  });
}

export const isMysql = (ds: DataSource) => ds.options.type === 'mysql' || ds.options.type === 'mariadb';

interface SqliteHandle { pragma(s: string): unknown; prepare(sql: string): unknown }

/**
 * Transactions take SQLite's write lock when they begin. TypeORM begins them DEFERRED, so a transaction that reads
 * before it writes (a contact looked up, then inserted) holds a read snapshot; if another process commits meanwhile,
 * its first write fails with SQLITE_BUSY at once, without waiting out busy_timeout. Taken at BEGIN, the lock is
 * waited for like any other. Within one process transactions already run one at a time (transaction.ts), so this
 * costs nothing there.
 */
function beginImmediate(db: SqliteHandle): void {
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => prepare(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql);
}
