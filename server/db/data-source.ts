import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export interface DataSourceSettings { databaseUrl?: string; dataDir: string; logging?: boolean }

/**
 * SQLite file under dataDir by default (a newcomer needs nothing installed); MySQL/MariaDB from a mysql:// URL.
 * Migrations run on start on both; schema sync is never used outside tests.
 */
export function createDataSource({ databaseUrl, dataDir, logging = false }: DataSourceSettings): DataSource {
  if (databaseUrl) {
    return new DataSource({
      type: 'mysql',
      url: databaseUrl.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      entities, migrations, logging,
      migrationsTransactionMode: 'each',
    });
  }
  fs.mkdirSync(dataDir, { recursive: true });
  return new DataSource({
    type: 'better-sqlite3',
    database: path.join(dataDir, 'huixin.sqlite'),
    // WAL lets the simulator read while the pipeline writes; busy_timeout lets two processes share the file.
    prepareDatabase: (db: { pragma(s: string): unknown }) => { db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000'); },
    entities, migrations, logging,
    migrationsTransactionMode: 'each',
  });
}

export const isMysql = (ds: DataSource) => ds.options.type === 'mysql' || ds.options.type === 'mariadb';
