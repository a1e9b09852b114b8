import request from 'supertest';
import { Message } from '../../server/db/entities';
import { startTestHuixin, type TestHuixin } from '../support/test-server';

const SECRET = 'generic-secret-xyz';
let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin({ GENERIC_WEBHOOK_SECRET: SECRET }); });
afterAll(() => hx.close());

const post = (body: unknown, secret: string | null = SECRET) => {
  const req = request(hx.url).post('/webhooks/generic');
  if (secret !== null) req.set('X-Huixin-Secret', secret);
  return req.send(body as object);
};

describe('POST /webhooks/generic', () => {
  it('stores a message and answers with its id', async () => {
    const res = await post({ id: 'g-1', from: '+8613500135000', to: 'huixin', text: '你好 😀' }).expect(200);
    expect(res.body).toMatchObject({ ok: true, messageId: expect.any(Number) });
    const stored = await hx.ds.manager.findOneByOrFail(Message, { id: res.body.messageId });
    expect(stored.body).toBe('你好 😀');   // emoji round-trip (utf8mb4 on MariaDB)
  });

  it('stores one message for an id delivered five times', async () => {
    const ids = new Set<number>();
    for (let i = 0; i < 5; i++) ids.add((await post({ id: 'g-dup', from: '+8613500135001', text: '人工' }).expect(200)).body.messageId);
    expect(ids.size).toBe(1);
    expect(await hx.ds.manager.countBy(Message, { provider: 'generic', providerMessageId: 'g-dup' })).toBe(1);
  });

  it('refuses a wrong or missing secret with 403', async () => {
    await post({ id: 'g-2', from: '+8613500135002', text: 'x' }, 'wrong').expect(403);
    await post({ id: 'g-3', from: '+8613500135002', text: 'x' }, null).expect(403);
    expect(await hx.ds.manager.countBy(Message, { provider: 'generic', providerMessageId: 'g-2' })).toBe(0);
  });

  it('answers 400 malformed_json to broken JSON', async () => {
    const res = await request(hx.url).post('/webhooks/generic').set('X-Huixin-Secret', SECRET).set('Content-Type', 'application/json').send('{"id": "g-4", "from":').expect(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('answers 415 to a form body', async () => {
    await request(hx.url).post('/webhooks/generic').set('X-Huixin-Secret', SECRET).type('form').send({ id: 'g-5' }).expect(415);
  });

  it.each([
    [{ from: '+8613500135003', text: 'x' }, 'id'],
    [{ id: 'g-6', text: 'x' }, 'from'],
    [{ id: 'g-7', from: 'hello', text: 'x' }, 'from'],
    [{ id: 'g-8', from: '+8613500135003', text: 'x'.repeat(1601) }, 'text'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const before = await hx.ds.manager.count(Message);
    const res = await post(body).expect(400);
    expect(res.body.error.field).toBe(field);
    expect(await hx.ds.manager.count(Message)).toBe(before);
  });
});
