/**
 * What a carrier would see arrive, for the rate benchmarks (channel-rate.ts, campaign-send.ts): a provider whose
 * every node writes its send times into one list, and the busiest second of those times; and the run both make, two
 * sender nodes on one database, first unpaced (the baseline) and then at the rate.
 */
import type { OutboundSms, SendResult, SmsProvider } from '../../server/channels/sms-provider';
import { loadConfig, type Config } from '../../server/config';
import { startHuixin, type Huixin } from '../../server/huixin';
import { createTestDatabase } from '../../test/support/test-database';
import { now } from './agent-clients';

/** Both nodes' providers write into one list. */
export const arrivals: number[] = [];

export class ArrivalsProvider implements SmsProvider {
  readonly name = 'loopback';
  async send(sms: OutboundSms): Promise<SendResult> {
    arrivals.push(now());
    return { providerMessageId: `bench-${sms.messageId}`, status: 'delivered' };
  }
}

/** The most arrivals in any window of one second starting at an arrival (two pointers over the sorted times). */
export function busiestSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (j < t.length && t[j] < t[i] + 1000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

export type BenchEnv = Record<string, string | undefined>;

/**
 * Two nodes of one deployment on `env`, each sending to an ArrivalsProvider, their senders not started (`work`
 * starts them with sendAll) and no workers; both stopped after `work`.
 */
export async function withTwoNodes<T>(env: BenchEnv, work: (a: Huixin, b: Huixin, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: 'false', OUTBOX_POLL_MS: '20' });
  const a = await startHuixin(config, { provider: new ArrivalsProvider(), startSender: false, startWorkers: false });
  const b = await startHuixin(config, { provider: new ArrivalsProvider(), startSender: false, startWorkers: false });
  try {
    return await work(a, b, config);
  } finally {
    await a.stop();
    await b.stop();
  }
}

/** Starts every node's sender; answers the seconds until `count` texts have arrived. */
export async function sendAll(nodes: Huixin[], count: number): Promise<number> {
  arrivals.length = 0;
  const start = now();
  for (const node of nodes) node.sender.start();
  while (arrivals.length < count) await new Promise((r) => setTimeout(r, 50));
  return (now() - start) / 1000;
}

/** One run's seconds: `sendSeconds` is checked against count / rate; `figures` are printed as they are named. */
export interface RateRun { sendSeconds: number; figures: Record<string, number> }

/**
 * The run both rate benches make, on a test database of their own: `baseline` texts with no rate (what the sender
 * itself can do, which must be well above the rate or the rate is not what limits the run), then `count` at `rate`
 * (SMS_RATE_PER_SECOND, the default channel's). Prints the figures beside count / rate and the busiest second; the
 * exit code is 1 when the time is off by more than 10% or a second held more than the rate.
 */
export async function rateBench(opts: { countName: string; count: number; rate: number; baseline: number; run: (env: BenchEnv, count: number) => Promise<RateRun> }): Promise<void> {
  const db = await createTestDatabase();
  if (!process.env.REDIS_URL && db.dialect === 'sqlite') console.warn('warning: SQLite without REDIS_URL paces each node alone; expect twice the rate');
  try {
    const env: BenchEnv = { ...process.env, ...db.env, SMS_RATE_PER_SECOND: undefined };
    const baseline = await opts.run(env, opts.baseline);
    const paced = await opts.run({ ...env, SMS_RATE_PER_SECOND: String(opts.rate) }, opts.count);
    const expected = opts.count / opts.rate;
    const busiest = busiestSecond(arrivals);
    const figures = Object.fromEntries(Object.entries(paced.figures).map(([k, v]) => [k, Number(v.toFixed(2))]));
    console.log(JSON.stringify({
      [opts.countName]: opts.count, rate: opts.rate, nodes: 2, ...figures, expectedSeconds: expected, busiestSecond: busiest,
      baselineUnpacedPerSecond: Math.round(opts.baseline / baseline.sendSeconds), database: db.dialect, redis: !!process.env.REDIS_URL,
    }));
    if (Math.abs(paced.sendSeconds - expected) > expected * 0.1 || busiest > opts.rate) process.exitCode = 1;
  } finally {
    await db.drop();
  }
}
