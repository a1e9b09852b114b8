import { z } from 'zod';
import { templatesVariable } from './channels/provider-templates';
import { ipListVariable } from './channels/callback-guard';

/** Every environment variable Huixin reads, in one place; README's table mirrors this schema. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^(mysql|mariadb):\/\//, 'must start with mysql:// or mariadb://').optional(),
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** Prefix of the Redis channels Socket.IO nodes share; deployments (or test servers) on one Redis need different ones. */
  REDIS_KEY_PREFIX: z.string().min(1).default('huixin'),
  PUBLIC_URL: z.string().url().optional(),
  SMS_PROVIDER: z.enum(['loopback', 'twilio', 'aliyun', 'tencent']).default('loopback'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_API_BASE: z.string().url().default('https://api.twilio.com'),
  ALIYUN_ACCESS_KEY_ID: z.string().optional(),
  ALIYUN_ACCESS_KEY_SECRET: z.string().optional(),
  ALIYUN_SIGN_NAME: z.string().optional(),
  ALIYUN_SMS_ENDPOINT: z.string().url().default('https://dysmsapi.aliyuncs.com'),
  /** Huixin template key → Aliyun TemplateCode and its parameters (server/channels/provider-templates.ts). */
  ALIYUN_TEMPLATES: templatesVariable,
  /** Aliyun signs no callback: with a secret the callbacks live at /webhooks/aliyun/<secret>/… only. */
  ALIYUN_CALLBACK_SECRET: z.string().min(16, 'must be at least 16 characters').regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').optional(),
  /** Comma-separated IPs/CIDRs Aliyun's callbacks may come from; others are refused with 403. */
  ALIYUN_CALLBACK_IPS: ipListVariable,
  TENCENT_SECRET_ID: z.string().optional(),
  TENCENT_SECRET_KEY: z.string().optional(),
  TENCENT_SMS_SDK_APP_ID: z.string().optional(),
  TENCENT_SIGN_NAME: z.string().optional(),
  TENCENT_SMS_ENDPOINT: z.string().url().default('https://sms.tencentcloudapi.com'),
  TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
  TENCENT_TEMPLATES: templatesVariable,
  TENCENT_CALLBACK_SECRET: z.string().min(16, 'must be at least 16 characters').regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').optional(),
  TENCENT_CALLBACK_IPS: ipListVariable,
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
  /** With SEED_DEMO: the demo clinic's last 30 days of texts, visits and a campaign, so the reports have something to show. */
  SEED_DEMO_HISTORY: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 32 bytes, base64 or hex: encrypts the secrets of channels added in the admin (AES-256-GCM). */
  CHANNEL_SECRETS_KEY: z.string().optional(),
  /** Messages per second the environment's default channel may send, on all nodes together; unset: no limit of ours. */
  SMS_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).optional(),
  /** How often the outbox sender looks for queued replies when nothing woke it (ms). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** How long a sender's claim on a reply lasts; after a crash, the reply is recovered once it expires (ms). */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /** Provider calls in flight at once on one node; unset: the sender's default (outbox-sender.ts). */
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(2000).optional(),
  /** Rows claimed per statement; unset: twice the concurrency, so the next claim is made while sends are in flight. */
  OUTBOX_BATCH: z.coerce.number().int().min(1).max(5000).optional(),
  /**
   * The longest a request waits for the database (a pooled connection, a statement's answer, SQLite's lock) before
   * it answers 503 database_unavailable (ms).
   */
  DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** MariaDB: the most texts whose transactions commit together (db/group-commit.ts); 1 commits each alone. */
  DB_GROUP_MAX: z.coerce.number().int().min(1).max(200).default(24),
  /**
   * How long the queue holds still after an agent comes online or back from away, so agents logging in seconds apart
   * share it instead of the first taking it all (ms; each arrival restarts the wait, at most three times this).
   */
  ARRIVAL_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(3000),
  /** The longest the inbox waits for a provider to hand over a customer's picture, redirects included (ms). */
  MEDIA_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** The largest picture or other attachment the inbox fetches from a provider (bytes); larger ones answer 502 media_too_large. */
  MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  /**
   * Bearer token for GET /metrics. Set alone: /metrics is served on PORT behind it. With METRICS_PORT: required there.
   * Neither set: no /metrics, and nothing is counted.
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Serve /metrics on this port instead of PORT (0: any free port), bound to METRICS_HOST. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The address METRICS_PORT listens on; loopback unless a scraper on another machine needs it. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Server processes on this machine (node:cluster, sharing PORT). Default: one per core with DATABASE_URL and
   * REDIS_URL, else 1 (cluster/worker-plan.ts says why).
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /**
   * After SIGTERM (and SHUTDOWN_NOTICE_MS), how long in-flight requests, sends and socket goodbyes may take before the
   * process exits anyway (ms).
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * After SIGTERM, how long the node keeps serving while GET /readyz answers 503, before it stops taking connections
   * (ms). 0 (the default) stops at once; set it to a load balancer's probe interval times its failure count when the
   * balancer polls /readyz, so it moves traffic away before connections are refused.
   */
  SHUTDOWN_NOTICE_MS: z.coerce.number().int().min(0).max(600_000).default(0),
});

export type Config = z.infer<typeof envSchema>;

const REQUIRED_BY_PROVIDER: Record<Config['SMS_PROVIDER'], Array<keyof Config>> = {
  loopback: [],
  twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'],
  aliyun: ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SIGN_NAME'],
  tencent: ['TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SIGN_NAME'],
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  for (const key of REQUIRED_BY_PROVIDER[config.SMS_PROVIDER]) {
    if (!config[key]) throw new Error(`Invalid environment:\n  ${key}: required when SMS_PROVIDER=${config.SMS_PROVIDER}`);
  }
  return config;
}
