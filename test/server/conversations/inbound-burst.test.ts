import { In } from 'typeorm';
import { Message } from '../../../server/db/entities';
import { eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

// A campaign's replies arrive in bursts: more texts at once than the database pool has connections.

let hx: TestHuixin;
beforeAll(async () => {
  // A short pool wait, so a webhook stuck behind the pool fails within the test instead of after 5 s.
  hx = await startTestHuixin({ DB_TIMEOUT_MS: '2000' });
});
afterAll(() => hx.close());

/** Texts in flight at once, and in all: enough for a few seconds, so the channel list's copy goes stale mid-burst. */
const AT_ONCE = 50;
const TEXTS = 300;

const textIn = (i: number) => fetch(`${hx.url}/webhooks/generic`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id: `burst-${i}`, from: `+8613900${String(i).padStart(6, '0')}`, to: 'huixin', text: '改到明天下午三点' }),
});

describe('a burst of texts from new customers', () => {
  it('answers every webhook, with each text stored and its reply sent, while the sender sends the first replies', async () => {
    const statuses: number[] = [];
    let next = 0;
    const sender = async () => { for (let i = next++; i < TEXTS; i = next++) statuses.push((await textIn(i)).status); };
    await Promise.all(Array.from({ length: AT_ONCE }, sender));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await hx.ds.manager.countBy(Message, { direction: 'in' })).toBe(TEXTS);
    const replied = () => hx.ds.manager.countBy(Message, { direction: 'out', status: In(['sent', 'delivered']) });
    await eventually(async () => (await replied()) === TEXTS, 30_000).catch(() => undefined);
    expect(await replied()).toBe(TEXTS);
  }, 60_000);
});
