import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { Message } from '../../../server/db/entities';
import { FakeFileHost, FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { connectAgent, type AgentSocket } from './inbox-client';

const AUTH_TOKEN = 'media-auth-token-123';
const PUBLIC_URL = 'https://huixin.example.com';
const MAX_BYTES = 64 * 1024;
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 3)]);

let twilio: FakeTwilio;
let cdn: FakeFileHost;
let elsewhere: FakeFileHost;
let hx: TestHuixin;
let token: string;
let socket: AgentSocket;
const socketPayloads: string[] = [];

beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  twilio.mediaAuth = `Basic ${Buffer.from(`ACtest:${AUTH_TOKEN}`).toString('base64')}`;
  cdn = await new FakeFileHost().start();
  elsewhere = await new FakeFileHost().start();
  hx = await startTestHuixin({ ...twilioEnv(twilio, AUTH_TOKEN), PUBLIC_URL, MEDIA_TIMEOUT_MS: '500', MEDIA_MAX_BYTES: String(MAX_BYTES) }, { startSender: false });
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  socket = await connectAgent(hx.url, token);
  socket.onAny((_event, payload) => socketPayloads.push(JSON.stringify(payload)));
});
afterAll(async () => {
  socket.close();
  await hx.close();
  await Promise.all([twilio.stop(), cdn.stop(), elsewhere.stop()]);
});

let counter = 0;
/** A picture at Twilio that redirects once to the CDN, where the bytes are. */
function twilioMedia(file: { contentType: string; bytes: Buffer; delayMs?: number }): string {
  const n = ++counter;
  const path = `/2010-04-01/Accounts/ACtest/Messages/MM${n}/Media/ME${n}`;
  cdn.files.set(`/signed/ME${n}`, file);
  twilio.media.set(path, { redirectTo: `${cdn.url}/signed/ME${n}?Expires=1&Signature=abc` });
  return `${twilio.url}${path}`;
}

/** An MMS as Twilio posts it: form-encoded, signed over PUBLIC_URL + path. */
async function receiveMms(from: string, media: Array<{ url: string; contentType: string }>, body = ''): Promise<Message> {
  const params: Record<string, string> = { MessageSid: `SM${Date.now().toString(16)}${++counter}`, AccountSid: 'ACtest', From: from, To: '+8610690001', Body: body, NumMedia: String(media.length) };
  media.forEach((m, i) => { params[`MediaUrl${i}`] = m.url; params[`MediaContentType${i}`] = m.contentType; });
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio`, params);
  await request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', signature).send(params).expect(200);
  return hx.ds.manager.findOneByOrFail(Message, { providerMessageId: params.MessageSid });
}

const getMedia = (messageId: number, index: number) => request(hx.url).get(`/api/messages/${messageId}/media/${index}`).set('Authorization', `Bearer ${token}`);

describe('pictures customers send', () => {
  it('lists both pictures of an MMS in the thread and the list preview, with no provider URL in any API or socket payload', async () => {
    await receiveMms('+8613700138001', [], '人工');   // a person owns the thread, so no bot reply follows the pictures
    const message = await receiveMms('+8613700138001', [
      { url: twilioMedia({ contentType: 'image/jpeg', bytes: JPEG }), contentType: 'image/jpeg' },
      { url: twilioMedia({ contentType: 'image/png', bytes: PNG }), contentType: 'image/png' },
    ]);
    const thread = await request(hx.url).get(`/api/conversations/${message.conversationId}/messages`).set('Authorization', `Bearer ${token}`).expect(200);
    const shown = thread.body.items.find((m: { id: number }) => m.id === message.id);
    expect(shown.media).toEqual([{ index: 0, contentType: 'image/jpeg' }, { index: 1, contentType: 'image/png' }]);
    const list = await request(hx.url).get('/api/conversations?view=all').set('Authorization', `Bearer ${token}`).expect(200);
    const row = list.body.items.find((c: { id: number }) => c.id === message.conversationId);
    expect(row.lastMessage).toMatchObject({ body: '', mediaCount: 2 });
    await eventually(() => socketPayloads.some((p) => p.includes(`"id":${message.id},`)));
    for (const payload of [thread.text, list.text, ...socketPayloads]) {
      expect(payload).not.toContain('/Media/ME');
      expect(payload).not.toContain(twilio.url);
    }
  });

  it('streams the picture from Twilio with its credentials, following one redirect to the CDN without them', async () => {
    const url = twilioMedia({ contentType: 'image/jpeg', bytes: JPEG });
    const message = await receiveMms('+8613700138002', [{ url, contentType: 'image/jpeg' }]);
    const res = await getMedia(message.id, 0).expect(200);
    expect(Buffer.compare(res.body as Buffer, JPEG)).toBe(0);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-disposition']).toMatch(/^inline/);
    expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    const path = new URL(url).pathname;
    expect(twilio.mediaRequests.filter((r) => r.path === path).map((r) => r.authorization)).toEqual([twilio.mediaAuth]);
    const atCdn = cdn.requests.filter((r) => r.path.startsWith(`/signed/${path.split('/').pop()}?`));
    expect(atCdn).toHaveLength(1);
    expect(atCdn[0].authorization).toBeUndefined();
  });

  it('refuses a stored URL on another origin without asking it anything', async () => {
    const message = await receiveMms('+8613700138003', [{ url: twilioMedia({ contentType: 'image/png', bytes: PNG }), contentType: 'image/png' }]);
    elsewhere.files.set('/latest/meta-data', { contentType: 'image/png', bytes: PNG });
    await hx.ds.manager.update(Message, { id: message.id }, { media: [{ url: `${elsewhere.url}/latest/meta-data`, contentType: 'image/png' }] });
    const res = await getMedia(message.id, 0).expect(404);
    expect(res.body.error).toMatchObject({ code: 'media_not_found', message: expect.stringContaining(`Not a media URL of ${twilio.url}`) });
    expect(elsewhere.requests).toEqual([]);
    await hx.ds.manager.update(Message, { id: message.id }, { media: ['http://169.254.169.254/latest/meta-data/iam'] });
    expect((await getMedia(message.id, 0).expect(404)).body.error.code).toBe('media_not_found');
  });

  it('does not follow Twilio to a plain-http host other than its own', async () => {
    const other = await new FakeFileHost().start('localhost');   // same machine, another host name: credentials must not go there
    try {
      const path = '/2010-04-01/Accounts/ACtest/Messages/MMx/Media/MEx';
      other.files.set('/evil', { contentType: 'image/png', bytes: PNG });
      twilio.media.set(path, { redirectTo: `${other.url}/evil` });
      const message = await receiveMms('+8613700138004', [{ url: `${twilio.url}${path}`, contentType: 'image/png' }]);
      expect((await getMedia(message.id, 0).expect(502)).body.error.code).toBe('media_unavailable');
      expect(other.requests).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('answers 502 media_too_large for a picture over the cap', async () => {
    const message = await receiveMms('+8613700138005', [{ url: twilioMedia({ contentType: 'image/jpeg', bytes: Buffer.alloc(MAX_BYTES + 1, 1) }), contentType: 'image/jpeg' }]);
    expect((await getMedia(message.id, 0).expect(502)).body.error.code).toBe('media_too_large');
  });

  it('gives up on a provider that does not answer in time', async () => {
    const message = await receiveMms('+8613700138006', [{ url: twilioMedia({ contentType: 'image/jpeg', bytes: JPEG, delayMs: 5000 }), contentType: 'image/jpeg' }]);
    const started = Date.now();
    const res = await getMedia(message.id, 0).expect(502);
    expect(res.body.error).toMatchObject({ code: 'media_unavailable', message: expect.stringMatching(/in time/) });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('serves an SVG only as a download that cannot run', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const message = await receiveMms('+8613700138007', [{ url: twilioMedia({ contentType: 'image/svg+xml', bytes: svg }), contentType: 'image/svg+xml' }]);
    const res = await getMedia(message.id, 0).expect(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="message-\d+-0\.svg"/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
  });

  it('needs a signed-in agent, and answers 404 for a wrong index or a message that is not inbound', async () => {
    const message = await receiveMms('+8613700138008', [{ url: twilioMedia({ contentType: 'image/png', bytes: PNG }), contentType: 'image/png' }], '看看这个');
    expect((await request(hx.url).get(`/api/messages/${message.id}/media/0`).expect(401)).body.error.code).toBe('unauthenticated');
    expect((await getMedia(message.id, 1).expect(404)).body.error.code).toBe('media_not_found');
    expect((await getMedia(999_999, 0).expect(404)).body.error.code).toBe('media_not_found');
    const reply = await request(hx.url).post(`/api/conversations/${message.conversationId}/messages`).set('Authorization', `Bearer ${token}`).send({ body: '收到' }).expect(201);
    expect((await getMedia(reply.body.id, 0).expect(404)).body.error.code).toBe('media_not_found');
  });

  it('still reads a message stored with plain media URLs, before content types were kept', async () => {
    const url = twilioMedia({ contentType: 'image/png', bytes: PNG });
    const message = await receiveMms('+8613700138009', [{ url, contentType: 'image/png' }]);
    await hx.ds.manager.update(Message, { id: message.id }, { media: [url] });
    const thread = await request(hx.url).get(`/api/conversations/${message.conversationId}/messages`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(thread.body.items.find((m: { id: number }) => m.id === message.id).media).toEqual([{ index: 0, contentType: null }]);
    expect((await getMedia(message.id, 0).expect(200)).headers['content-type']).toBe('image/png');
  });
});
