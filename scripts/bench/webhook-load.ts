/**
 * The load generator of `npm run bench:webhook`, run as a child process so its CPU is not the server's: CONNECTIONS
 * keep-alive connections, each posting one signed Twilio inbound webhook after another for SECONDS, every request from
 * a new customer (a new phone number), or with `customers` from that many numbers in turn. Prints one JSON line: requests answered 2xx, errors, p50/p99 ms, requests/s.
 * Usage (by webhook.ts): node --import tsx webhook-load.ts '{"url":…,"seconds":5,"connections":50,"first":0,…}'
 */
import http from 'node:http';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export interface LoadPlan {
  url: string;
  seconds: number;
  connections: number;
  /** The first customer's number in this round: rounds never reuse a number. */
  first: number;
  /** Returning customers: this many numbers, each texting again and again (a campaign's replies); absent, every text a new number. */
  customers?: number;
  authToken: string;
  publicUrl: string;
  body: string;
}

export interface LoadResult { ok: number; errors: number; firstError: string | null; p50: number; p99: number; perSecond: number }

const PATH = '/webhooks/twilio';

function post(agent: http.Agent, target: URL, form: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(target, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form), 'x-twilio-signature': signature },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(form);
  });
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections });
  const target = new URL(PATH, plan.url);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = plan.first;
  const start = performance.now();
  const deadline = start + plan.seconds * 1000;
  const connection = async () => {
    while (performance.now() < deadline) {
      const n = next++;
      const params = {
        MessageSid: `SMbench${String(n).padStart(12, '0')}`, AccountSid: 'ACbench',
        From: plan.customers ? `+86138${String(n % plan.customers).padStart(8, '0')}` : `+86139${String(n).padStart(8, '0')}`,
        To: '+8610690000', Body: plan.body, NumMedia: '0',
      };
      const signature = getExpectedTwilioSignature(plan.authToken, `${plan.publicUrl}${PATH}`, params);
      const t0 = performance.now();
      try {
        const status = await post(agent, target, new URLSearchParams(params).toString(), signature);
        if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
        else { errors++; firstError ??= `HTTP ${status}`; }
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: plan.connections }, connection));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return { ok: sorted.length, errors, firstError, p50: at(50), p99: at(99), perSecond: sorted.length / elapsed };
}

run(JSON.parse(process.argv[2]!) as LoadPlan).then((result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}, (err) => { console.error(err); process.exit(1); });
