import os from 'node:os';
import request from 'supertest';
import { loadConfig } from '../../server/config';
import { startHuixin, type Huixin, type StartOptions } from '../../server/huixin';
import { fixedClock } from '../../server/shared/clock';
import { createLogger } from '../../server/shared/logger';
import { templateFor } from './migrated-template';
import { createTestDatabase, type TestDatabase } from './test-database';

/** Tuesday 24 Nov 2026, 11:00 in Shanghai: inside the demo clinic's business hours. */
export const TUESDAY_MORNING = '2026-11-24T03:00:00.000Z';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

export interface TestHuixin extends Huixin { db: TestDatabase; clock: ReturnType<typeof fixedClock>; close(): Promise<void>; loginAs(email: string, password: string): Promise<string> }

/** A test server's settings on `db`; REDIS_URL from the environment is used as production would. */
export function testConfig(db: TestDatabase, env: Record<string, string> = {}) {
  return loadConfig({
    PORT: '0', LOG_LEVEL: 'silent', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, OUTBOX_POLL_MS: '50',
    // Tests build their own figures on the fixed clock; the demo's past month is asked for by the tests about it.
    SEED_DEMO_HISTORY: 'false',
    // Each test database gets its own Redis channels, so suites sharing one Redis never see each other's broadcasts.
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `huixin-test-${db.name}` } : {}),
    ...db.env, ...env,
  });
}

/** Where a configuration is read only for what does not depend on the database. */
export const ANY_DATABASE = { name: 'any', env: { DATA_DIR: os.tmpdir() } } as TestDatabase;

/** A real Huixin on port 0 with its own database. */
export async function startTestHuixin(env: Record<string, string> = {}, opts: StartOptions = {}): Promise<TestHuixin> {
  const clock = fixedClock(TUESDAY_MORNING);
  // On MariaDB the database starts as a copy of the run's migrated (and, when this server would seed the same, seeded)
  // template: what a start spends on migrating and seeding is the same in every suite (migrated-template.ts).
  const db = await createTestDatabase({ copyOf: templateFor(testConfig(ANY_DATABASE, env), opts.clock ?? clock) });
  let huixin: Huixin;
  try {
    // HUIXIN_TEST_LOG=debug shows a test server's log when a test needs explaining.
    huixin = await startHuixin(testConfig(db, env), { log: createLogger(process.env.HUIXIN_TEST_LOG ?? 'silent'), clock, ...opts });
  } catch (err) {
    await db.drop();   // a start refused (a test of bad configuration) leaves no database behind
    throw err;
  }
  return {
    ...huixin, db, clock,
    close: async () => { await huixin.stop(); await db.drop(); },
    loginAs: async (email, password) => {
      const res = await request(huixin.url).post('/api/auth/login').send({ email, password }).expect(200);
      return res.body.token as string;
    },
  };
}

/**
 * Another node of `hx`'s deployment: the same database (SQLite file or MariaDB schema), the same Redis channels and
 * the same clock, as a second production process would have. The caller stops it.
 */
export function startAnotherNode(hx: TestHuixin, opts: StartOptions = {}, env: Record<string, string> = {}): Promise<Huixin> {
  return startHuixin(testConfig(hx.db, env), { log: createLogger('silent'), clock: hx.clock, ...opts });
}

/**
 * Polls until `check` returns a truthy value; for effects that happen after a commit (the sender, sockets). It returns
 * as soon as the effect is there, so the default wait is generous: 10 s, because CI runs two suites' servers at once
 * on two cores, where a send took more than 5 s to show once (channel-templates on MariaDB).
 */
export async function eventually<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
