import type { DataSource } from 'typeorm';
import { createDataSource } from '../../server/db/data-source';
import { ChildServer, freePort } from './child-server';
import { FakeTwilio } from './fake-twilio';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The admin of a crash rig's server (ADMIN_EMAIL's default, the rig's password). */
export const CRASH_ADMIN = { email: 'admin@huixin.local', password: 'crash-admin-1' };

/**
 * What a kill -9 test runs against: `npm start`'s server as a child process (not yet started: the test starts it and
 * kills it) on a database of its own, sending through a fake Twilio that answers after `responseDelayMs`, so sends
 * are in flight when the kill comes. No demo data; a sender's lease of `leaseMs` lets the restarted server take over
 * the rows a dead one held.
 */
export interface CrashRig { db: TestDatabase; twilio: FakeTwilio; server: ChildServer; stop(): Promise<void> }

export async function startCrashRig(opts: { accountSid: string; from: string; responseDelayMs: number; leaseMs: number }): Promise<CrashRig> {
  const db = await createTestDatabase();
  const twilio = await new FakeTwilio().start();
  twilio.responseDelayMs = opts.responseDelayMs;
  const server = new ChildServer({
    ...db.env, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: opts.accountSid, TWILIO_AUTH_TOKEN: 'crash-token', TWILIO_FROM: opts.from,
    TWILIO_API_BASE: twilio.url, LOG_LEVEL: 'silent', SEED_DEMO: 'false', ADMIN_EMAIL: CRASH_ADMIN.email, ADMIN_PASSWORD: CRASH_ADMIN.password,
    OUTBOX_POLL_MS: '50', OUTBOX_LEASE_MS: String(opts.leaseMs), ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  }, await freePort());
  return {
    db, twilio, server,
    stop: async () => {
      await server.stop();
      await twilio.stop();
      await db.drop();
    },
  };
}

/** The rig's database opened beside its server, for checking what was stored after the kills; closed after `check`. */
export async function withDatabase<T>(db: TestDatabase, check: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = createDataSource({ databaseUrl: db.env.DATABASE_URL, dataDir: db.env.DATA_DIR });
  await ds.initialize();
  try {
    return await check(ds);
  } finally {
    await ds.destroy();
  }
}
