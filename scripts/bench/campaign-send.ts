/**
 * Issue 16's "then sent at exactly the channel's rate": a campaign to N contacts is queued through the API on one node,
 * then two sender nodes send it to a fake provider on a channel limited to R texts a second (SMS_RATE_PER_SECOND, the
 * default channel's rate). Printed: the sending time beside N / R, and the busiest second (never above R). The
 * baseline, measured first in the same run: the same two nodes send a campaign of BASELINE texts with no rate (what
 * the sender itself can do, which must be well above R or the rate is not what limits the run).
 * Both nodes pace through the shared store: run it with REDIS_URL, or DATABASE_URL on MariaDB (see channel-rate.ts).
 * Transactional, so the send window (the contact's 08:00–21:00) never defers it whatever the hour the bench runs at.
 * Usage: npm run bench:campaign-send [-- --recipients 10000 --rate 200 --baseline 2000]
 */
import { arg, now } from './agent-clients';
import { seedContacts } from './campaign-seed';
import { rateBench, sendAll, withTwoNodes, type BenchEnv } from './rate-arrivals';

const RECIPIENTS = arg('recipients', 10_000);
const RATE = arg('rate', 200);
const BASELINE = arg('baseline', 2000);

let prefix = 150;

/** Queues a campaign to `count` new contacts on node A, then both nodes send it; answers queueing and sending seconds. */
const run = (env: BenchEnv, count: number) => withTwoNodes({ ...env, ADMIN_PASSWORD: 'bench-password-1' }, async (a, b, config) => {
  const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }) });
  const { token } = await login.json() as { token: string };
  const call = async (path: string, body: unknown) => {
    const res = await fetch(`${a.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ id: number }>;
  };
  const tag = `send${prefix}`;
  await seedContacts(a.ds, tag, String(prefix++), count, new Date());
  const segment = await call('/api/segments', { name: tag, tagsAny: [tag] });
  const campaign = await call('/api/campaigns', { name: tag, category: 'transactional', segmentId: segment.id, body: '{{contact.name}}您好，本周六门诊照常开放' });
  const queued = now();
  await call(`/api/campaigns/${campaign.id}/start`, {});
  const queueSeconds = (now() - queued) / 1000;
  const sendSeconds = await sendAll([a, b], count);
  return { sendSeconds, figures: { queueSeconds, sendSeconds } };
});

rateBench({ countName: 'recipients', count: RECIPIENTS, rate: RATE, baseline: BASELINE, run }).catch((err) => { console.error(err); process.exit(1); });
