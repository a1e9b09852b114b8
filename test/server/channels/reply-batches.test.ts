import request from 'supertest';
import { In } from 'typeorm';
import { Contact, Message } from '../../../server/db/entities';
import { startCnChannelHuixin, TENCENT_OK } from '../../support/cn-channel';
import type { FakeTencent } from '../../support/fake-tencent';
import { statementsDuring } from '../../support/statements-during';
import type { TestHuixin } from '../../support/test-server';

// A campaign's replies reach us from Tencent and Aliyun in pushes of many texts: stored together (the database commits
// them in groups), one number's texts still in the order the provider gave them.

let fake: FakeTencent;
let hx: TestHuixin;
beforeAll(async () => {
  ({ hx, fake } = await startCnChannelHuixin('tencent', { env: { OUTBOX_POLL_MS: '60000' }, start: { startSender: false } }));
});
afterAll(async () => { await hx.close(); await fake.stop(); });

let time = 1764300000;
const reply = (mobile: string, text: string) => ({ extend: '', mobile, nationcode: '86', sign: '回信诊所', text, time: ++time });

describe('a provider\'s push of replies', () => {
  it('is stored in a few commits, not one per text, every text decided, one number\'s texts in their order', async () => {
    const mobiles = Array.from({ length: 20 }, (_, i) => `1380300${String(i).padStart(4, '0')}`);
    const push = [...mobiles.map((m) => reply(m, '营业时间？')), reply(mobiles[0]!, '人工'), reply(mobiles[0]!, '谢谢')];

    const log = await statementsDuring(hx, async () => {
      expect((await request(hx.url).post('/webhooks/tencent/reply').set('Content-Type', 'application/json').send(JSON.stringify(push)).expect(200)).text).toBe(TENCENT_OK);
    });

    const commits = log.filter((q) => /^COMMIT/i.test(q));
    expect(commits.length).toBeLessThanOrEqual(8);
    const contacts = await hx.ds.manager.findBy(Contact, { phone: In(mobiles.map((m) => `+86${m}`)) });
    expect(contacts).toHaveLength(20);
    const inbound = await hx.ds.manager.find(Message, { where: { contactId: In(contacts.map((c) => c.id)), direction: 'in' }, order: { id: 'ASC' } });
    expect(inbound).toHaveLength(22);
    expect(inbound.every((m) => m.decision !== null)).toBe(true);
    const first = contacts.find((c) => c.phone === `+86${mobiles[0]}`)!;
    expect(inbound.filter((m) => m.contactId === first.id).map((m) => m.body)).toEqual(['营业时间？', '人工', '谢谢']);
  });
});
