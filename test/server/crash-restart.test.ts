import { Message } from '../../server/db/entities';
import { startCrashRig, withDatabase, type CrashRig } from '../support/crash-rig';

jest.setTimeout(180_000);

const CUSTOMERS = 24;
const phoneOf = (i: number) => `+86135003${String(i).padStart(5, '0')}`;

let rig: CrashRig;
beforeAll(async () => { rig = await startCrashRig({ accountSid: 'ACcrash', from: '+8610690002', responseDelayMs: 40, leaseMs: 500 }); });
afterAll(() => rig.stop());

/** Like a provider: post the webhook, and on anything but a 200 (or no answer at all) try again later. */
async function deliverUntilAcknowledged(i: number, pending: Set<number>): Promise<void> {
  try {
    const res = await fetch(`${rig.server.url}/webhooks/generic`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: `crash-${i}`, from: phoneOf(i), to: 'huixin', text: '人工' }),
    });
    if (res.ok) pending.delete(i);
  } catch {
    // connection refused or reset: the server is down; the provider retries
  }
}

describe('a server killed with SIGKILL at random moments', () => {
  it('stores every acknowledged inbound once and sends every decided reply exactly once', async () => {
    const pending = new Set(Array.from({ length: CUSTOMERS }, (_, i) => i));
    let kills = 0;
    const { server, twilio } = rig;
    await server.start();
    // Each round kills the server at a random moment: while webhooks are in flight, and once all are acknowledged,
    // while the outbox is still delivering (the crash-mid-send case).
    while (pending.size > 0 || kills < 6) {
      const batch = [...pending].slice(0, 4);
      const inFlight = Promise.all(batch.map((i) => deliverUntilAcknowledged(i, pending)));
      await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 120)));
      if (kills < 6) {
        await server.kill();
        kills++;
        await inFlight;
        await server.start();
      } else {
        await inFlight;
      }
    }
    // Let the last server deliver what is queued, including replies recovered from dead senders' leases.
    await withDatabase(rig.db, async (ds) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const unsent = await ds.getRepository(Message).createQueryBuilder('m')
          .where("m.direction = 'out' AND m.status IN ('queued', 'sending')").getCount();
        if (unsent === 0) break;
        if (Date.now() > deadline) throw new Error(`${unsent} replies never left the outbox`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(kills).toBe(6);
      for (let i = 0; i < CUSTOMERS; i++) {
        const inbound = await ds.getRepository(Message).countBy({ provider: 'generic', providerMessageId: `crash-${i}` });
        expect({ customer: i, inbound }).toEqual({ customer: i, inbound: 1 });
        const received = twilio.sends.filter((s) => s.to === phoneOf(i)).length;
        expect({ customer: i, received }).toEqual({ customer: i, received: 1 });
      }
      expect(await ds.getRepository(Message).countBy({ direction: 'out', status: 'sent' })).toBe(CUSTOMERS);
    });
  });
});
