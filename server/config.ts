import { z } from 'zod';

/** Every environment variable Huixin reads, in one place; README's table mirrors this schema. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^(mysql|mariadb):\/\//, 'must start with mysql:// or mariadb://').optional(),
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** Prefix of the Redis channels Socket.IO nodes share; deployments (or test servers) on one Redis need different ones. */
  REDIS_KEY_PREFIX: z.string().min(1).default('huixin'),
  PUBLIC_URL: z.string().url().optional(),
  SMS_PROVIDER: z.enum(['loopback', 'twilio']).default('loopback'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_API_BASE: z.string().url().default('https://api.twilio.com'),
  GENERIC_WEBHOOK_SECRET: z.string().optional(),
  DEFAULT_REGION: z.string().length(2).default('CN'),
  DEFAULT_TIMEZONE: z.string().default('Asia/Shanghai'),
  ADMIN_EMAIL: z.string().email().default('admin@huixin.local'),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  /**
   * Key of the HMAC that keeps an erased contact's consent proof tied to its number (never the number itself). Unset:
   * a random key is made on the first erasure and kept in the settings table.
   */
  PRIVACY_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  SEED_DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How often the outbox sender looks for queued replies when nothing woke it (ms). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** How long a sender's claim on a reply lasts; after a crash, the reply is recovered once it expires (ms). */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * The longest a request waits for the database (a pooled connection, a statement's answer, SQLite's lock) before
   * it answers 503 database_unavailable (ms).
   */
  DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /**
   * How long the queue holds still after an agent comes online or back from away, so agents logging in seconds apart
   * share it instead of the first taking it all (ms; each arrival restarts the wait, at most three times this).
   */
  ARRIVAL_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(3000),
});

export type Config = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  if (config.SMS_PROVIDER === 'twilio') {
    for (const key of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const) {
      if (!config[key]) throw new Error(`Invalid environment:\n  ${key}: required when SMS_PROVIDER=twilio`);
    }
  }
  return config;
}
