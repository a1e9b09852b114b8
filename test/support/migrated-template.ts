import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { Config } from '../../server/config';
import { usePrivacyHashKey } from '../../server/contacts/privacy-hash';
import { createDataSource, SQLITE_FILE, type DataSourceSettings } from '../../server/db/data-source';
import { seedDatabase } from '../../server/db/seed/seed';
import { seedSettings } from '../../server/huixin';
import type { Clock } from '../../server/shared/clock';
import { createLogger } from '../../server/shared/logger';

/**
 * A jest run migrates one database once (globalSetup), seeds a copy of it as most test servers would be seeded, and
 * every test server's database starts as a copy of one of the two. On MariaDB the 35 migrations took ~0.9 s of a test
 * server's ~1.5 s start and seeding the demo clinic ~0.45 s; on SQLite both ~0.3 s of 0.7; a CI run starts a few hundred
 * servers on each. A MariaDB copy is made from the template's own `SHOW CREATE TABLE` (foreign keys included, which
 * `CREATE TABLE … LIKE` drops) and its rows; a SQLite copy is the file. The server finds every migration applied and
 * the database seeded, as after a restart. The migrations still run once per run here, step by step in the migration
 * suites (migrated-database.ts), and on every start of the suites that start servers in their own processes.
 */
const TEMPLATES_ENV = 'HUIXIN_TEST_TEMPLATES';

/** The run's templates (MariaDB database names, or folders holding a SQLite file), and what the seeded one was seeded with (seedKey). */
interface Templates { migrated: string; seeded: string; seededWith: string }

export type TemplateKind = 'migrated' | 'seeded';

export function adminConnection(databaseUrl: string, database?: string): Promise<Connection> {
  const url = new URL(databaseUrl);
  return createConnection({
    host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password),
    database, multipleStatements: true,
  });
}

/** Everything a server's seeding depends on: two starts with the same key seed the same rows. */
export function seedKey(config: Config, clock: Clock): string {
  return JSON.stringify({ ...seedSettings(config), privacyHashKey: config.PRIVACY_HASH_KEY ?? null, now: clock.now().toISOString() });
}

/**
 * globalSetup: both templates, named to the workers in the environment — MariaDB databases, or SQLite files in
 * folders of their own. `config`: a test server's default.
 */
export async function buildTemplates(config: Config, clock: Clock): Promise<void> {
  const seed = (ds: DataSource) => {
    usePrivacyHashKey(ds, config.PRIVACY_HASH_KEY);
    return seedDatabase(ds, { ...seedSettings(config), clock, log: createLogger('silent') });
  };
  const built = process.env.DATABASE_URL ? await buildMariadbTemplates(process.env.DATABASE_URL, seed) : await buildSqliteTemplates(seed);
  process.env[TEMPLATES_ENV] = JSON.stringify({ ...built, seededWith: seedKey(config, clock) } satisfies Templates);
}

async function buildMariadbTemplates(base: string, seed: (ds: DataSource) => Promise<void>): Promise<Omit<Templates, 'seededWith'>> {
  const tag = randomBytes(5).toString('hex');
  const migrated = `huixin_t_template_${tag}`;
  const seeded = `huixin_t_template_seeded_${tag}`;
  const admin = await adminConnection(base);
  try {
    for (const name of [migrated, seeded]) await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await withDataSource({ databaseUrl: inDatabase(base, migrated), dataDir: '' }, (ds) => ds.runMigrations({ transaction: 'each' }));
    await copyInto(base, seeded, migrated);
    await withDataSource({ databaseUrl: inDatabase(base, seeded), dataDir: '' }, seed);
    return { migrated, seeded };
  } catch (err) {
    for (const name of [migrated, seeded]) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    throw err;
  } finally {
    await admin.end();
  }
}

/** SQLite's templates are files: closed after each step, so the write-ahead log is folded in and one file is the copy. */
async function buildSqliteTemplates(seed: (ds: DataSource) => Promise<void>): Promise<Omit<Templates, 'seededWith'>> {
  const [migrated, seeded] = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'huixin-template-')));
  await withDataSource({ dataDir: migrated! }, (ds) => ds.runMigrations({ transaction: 'each' }));
  fs.copyFileSync(path.join(migrated!, SQLITE_FILE), path.join(seeded!, SQLITE_FILE));
  await withDataSource({ dataDir: seeded! }, seed);
  return { migrated: migrated!, seeded: seeded! };
}

/** globalTeardown. */
export async function dropTemplates(): Promise<void> {
  const templates = runTemplates();
  if (!templates) return;
  const names = [templates.migrated, templates.seeded];
  if (!process.env.DATABASE_URL) {
    for (const dir of names) fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  const admin = await adminConnection(process.env.DATABASE_URL);
  try {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await admin.end();
  }
}

/**
 * The template a server started with `config` and `clock` can begin from: the seeded one when it would seed the same
 * rows, else the migrated one; null when the run has none (a suite run outside jest's globalSetup).
 */
export function templateFor(config: Config, clock: Clock): TemplateKind | null {
  const templates = runTemplates();
  if (!templates) return null;
  return templates.seededWith === seedKey(config, clock) ? 'seeded' : 'migrated';
}

/** Fills a new test database with a template's tables and rows: the MariaDB database `name`, or the SQLite file in `dataDir`. */
export async function copyTemplateInto(target: { databaseUrl?: string; name: string; dataDir: string }, kind: TemplateKind): Promise<void> {
  const templates = runTemplates();
  if (!templates) throw new Error('this jest run has no template databases (jest.config.js globalSetup)');
  if (target.databaseUrl) await copyInto(target.databaseUrl, target.name, templates[kind]);
  else fs.copyFileSync(path.join(templates[kind], SQLITE_FILE), path.join(target.dataDir, SQLITE_FILE));
}

const runTemplates = (): Templates | null => (process.env[TEMPLATES_ENV] ? JSON.parse(process.env[TEMPLATES_ENV]) as Templates : null);

const inDatabase = (base: string, name: string) => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};

const copyScripts = new Map<string, Promise<string>>();

async function copyInto(databaseUrl: string, name: string, template: string): Promise<void> {
  let script = copyScripts.get(template);
  if (!script) copyScripts.set(template, script = templateCopyScript(databaseUrl, template));
  const conn = await adminConnection(databaseUrl, name);
  try {
    await conn.query(await script);
  } finally {
    await conn.end();
  }
}

/** The statements that recreate the template in the connection's database, read once per jest worker. */
async function templateCopyScript(databaseUrl: string, template: string): Promise<string> {
  const conn = await adminConnection(databaseUrl, template);
  try {
    const [others] = await conn.query(`SELECT (SELECT COUNT(*) FROM information_schema.views WHERE table_schema = ?) + (SELECT COUNT(*) FROM information_schema.triggers
      WHERE trigger_schema = ?) + (SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = ?) AS n`, [template, template, template]) as unknown as [{ n: number }[]];
    // Only tables are copied: a migration that adds a view, a trigger or a routine has to be taught here first.
    if (Number(others[0]!.n) > 0) throw new Error(`${template} has views, triggers or routines, which migrated-template.ts does not copy`);
    const [tables] = await conn.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'", [template]) as unknown as [{ name: string }[]];
    const statements = ['SET FOREIGN_KEY_CHECKS = 0'];
    for (const { name } of tables) {
      const [[created]] = await conn.query(`SHOW CREATE TABLE \`${name}\``) as unknown as [Record<string, string>[]];
      statements.push(created!['Create Table']!);
      const [[{ n }]] = await conn.query(`SELECT COUNT(*) AS n FROM \`${name}\``) as unknown as [{ n: number }[]];
      if (Number(n) > 0) statements.push(`INSERT INTO \`${name}\` SELECT * FROM \`${template}\`.\`${name}\``);
    }
    statements.push('SET FOREIGN_KEY_CHECKS = 1');
    return statements.join(';\n');
  } finally {
    await conn.end();
  }
}

async function withDataSource<T>(settings: DataSourceSettings, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = createDataSource(settings);
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}
