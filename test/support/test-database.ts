import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminConnection, copyTemplateInto, type TemplateKind } from './migrated-template';

export interface TestDatabase { name: string; env: { DATABASE_URL?: string; DATA_DIR: string }; drop(): Promise<void>; dialect: 'sqlite' | 'mysql' }

/**
 * A database of the suite's own. With DATABASE_URL set (CI's MariaDB run) a fresh database is created on that server
 * and dropped afterwards; otherwise a fresh SQLite file in a temporary folder. `copyOf`: a copy of one of the run's
 * template databases instead of an empty one (migrated-template.ts).
 */
export async function createTestDatabase({ copyOf = null }: { copyOf?: TemplateKind | null } = {}): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huixin-test-'));
  const base = process.env.DATABASE_URL;
  if (!base) {
    if (copyOf) await copyTemplateInto({ name: dataDir, dataDir }, copyOf);
    return { name: path.basename(dataDir), dialect: 'sqlite', env: { DATA_DIR: dataDir }, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const url = new URL(base);
  const name = `huixin_t_${suiteSlug()}${randomBytes(5).toString('hex')}`;
  const admin = await adminConnection(base);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  if (copyOf) {
    await copyTemplateInto({ databaseUrl: base, name, dataDir }, copyOf).catch(async (err: unknown) => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``).finally(() => admin.end());
      throw err;
    });
  }
  url.pathname = `/${name}`;
  return {
    name,
    dialect: 'mysql',
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The running test file's name, cut to fit a database name, so a database left behind says which suite left it. */
function suiteSlug(): string {
  const jestExpect = (globalThis as { expect?: { getState?(): { testPath?: string } } }).expect;
  const file = jestExpect?.getState?.().testPath;
  return file ? `${path.basename(file).replace(/\.test\.ts$/, '').replace(/[^a-z0-9]+/gi, '_').slice(0, 40)}_` : '';
}
