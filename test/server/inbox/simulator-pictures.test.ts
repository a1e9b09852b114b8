import fs from 'node:fs';
import path from 'node:path';
import { checkedRequest as request } from '../../support/openapi-check';
import { Message } from '../../../server/db/entities';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

const XRAY = fs.readFileSync(path.resolve(__dirname, '../../../server/simulator/sample-pictures/xray.png'));
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 9)]);

let hx: TestHuixin;
let token: string;
beforeAll(async () => {
  hx = await startTestHuixin();
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
});
afterAll(() => hx.close());

const api = () => ({
  post: (p: string) => request(hx.url).post(p).set('Authorization', `Bearer ${token}`),
  get: (p: string) => request(hx.url).get(p).set('Authorization', `Bearer ${token}`),
});

describe('pictures from the phone simulator (loopback provider)', () => {
  it('a sample and an uploaded JPEG become media URLs on the message, served back through the media route', async () => {
    const upload = await api().post('/api/simulator/pictures').set('Content-Type', 'image/jpeg').send(JPEG).expect(201);
    const sent = await api().post('/api/simulator/messages').send({ from: '+8613700139001', pictures: ['xray', upload.body.picture] }).expect(200);
    const stored = await hx.ds.manager.findOneByOrFail(Message, { id: sent.body.messageId });
    expect(stored.body).toBe('');
    expect(stored.media).toEqual([{ url: 'loopback://sample/xray.png', contentType: 'image/png' }, { url: `loopback://upload/${upload.body.picture}`, contentType: 'image/jpeg' }]);
    const sample = await api().get(`/api/messages/${stored.id}/media/0`).expect(200);
    expect(sample.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(sample.body, XRAY)).toBe(0);
    const own = await api().get(`/api/messages/${stored.id}/media/1`).expect(200);
    expect(Buffer.compare(own.body, JPEG)).toBe(0);
    const thread = await api().get(`/api/simulator/messages?phone=${encodeURIComponent('+8613700139001')}`).expect(200);
    expect(thread.body.items.find((m: { id: number }) => m.id === stored.id).media).toHaveLength(2);
  });

  it('refuses an upload that is not really a PNG or JPEG, and a text with neither words nor pictures', async () => {
    const fake = await api().post('/api/simulator/pictures').set('Content-Type', 'image/png').send(Buffer.from('<svg onload=alert(1)>')).expect(415);
    expect(fake.body.error.code).toBe('unsupported_media_type');
    await api().post('/api/simulator/pictures').set('Content-Type', 'image/svg+xml').send('<svg/>').expect(415);
    const tooBig = await api().post('/api/simulator/pictures').set('Content-Type', 'image/png').send(Buffer.concat([XRAY, Buffer.alloc(2 * 1024 * 1024)])).expect(413);
    expect(tooBig.body.error.code).toBe('body_too_large');
    const empty = await api().post('/api/simulator/messages').send({ from: '+8613700139002', text: '' }).expect(400);
    expect(empty.body.error).toMatchObject({ code: 'invalid_field', field: 'text' });
    const unknown = await api().post('/api/simulator/messages').send({ from: '+8613700139002', pictures: ['00000000-0000-4000-8000-000000000000'] }).expect(400);
    expect(unknown.body.error).toMatchObject({ code: 'invalid_field', field: 'pictures.0' });
  });
});
