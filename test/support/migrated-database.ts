import type { DataSource } from 'typeorm';
import { createDataSource } from '../../server/db/data-source';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * A suite's own database with every migration run (created before its tests, dropped after), for tests of a
 * migration on a real SQLite or MariaDB: `const db = migratedDatabase();` then `db.ds()` inside a test.
 * `{ migrated: false }`: an empty one, for a suite that makes its own tables.
 */
export function migratedDatabase({ migrated = true } = {}): { ds: () => DataSource } {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ databaseUrl: db.env.DATABASE_URL, dataDir: db.env.DATA_DIR });
    await ds.initialize();
    if (migrated) await ds.runMigrations();
  }, 60_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });
  return { ds: () => ds };
}

/** Undoes the migrations after `name` and then it, so its tables are as they were before (later ones come and go). */
export async function undoThrough(ds: DataSource, name: string): Promise<void> {
  for (;;) {
    const [last] = await ds.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1') as { name: string }[];
    await ds.undoLastMigration();
    if (last!.name === name) return;
  }
}
