import type { InboundSms } from '../channels/sms-provider';
import { receiveInbound, type InboundDeps } from './receive-inbound';
import { WorkPool } from './work-pool';

/**
 * Texts of one push being stored at once: two of the database's commit groups (db/group-commit.ts, 24 each), so one
 * group is written while the next gathers.
 */
const AT_ONCE = 48;

/**
 * A provider push's texts (Aliyun and Tencent deliver replies in batches, up to 1,000 and 100) stored together:
 * different numbers' texts at once, so the database commits them in a few groups rather than one transaction after
 * another (a campaign's replies come this way, all at once); one number's texts one after another, in the order the
 * provider gave them (the second may answer the first). Answers once all are stored; a database that fails stops
 * the rest and is thrown after those under way end, so the provider delivers the push again (stored texts are no-ops).
 */
export async function receiveInboundBatch(deps: InboundDeps, texts: InboundSms[]): Promise<void> {
  const byNumber = new Map<string, InboundSms[]>();
  for (const sms of texts) {
    const chain = byNumber.get(sms.from);
    if (chain) chain.push(sms); else byNumber.set(sms.from, [sms]);
  }
  const failures: unknown[] = [];
  const pool = new WorkPool(AT_ONCE, (err) => failures.push(err));
  for (const chain of byNumber.values()) {
    await pool.room();
    if (failures.length) break;
    void pool.start(async () => { for (const sms of chain) await receiveInbound(deps, sms); });
  }
  await pool.idle();
  if (failures.length) throw failures[0];
}
