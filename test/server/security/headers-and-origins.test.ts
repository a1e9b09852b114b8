import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { io as connect } from 'socket.io-client';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

const EVIL = 'https://evil.example';

/** The session cookie of a fresh admin login, as a browser would hold it. */
async function sessionCookie(hx: TestHuixin): Promise<string> {
  const res = await request(hx.url).post('/api/auth/login').send(ADMIN).expect(200);
  return String(res.headers['set-cookie'][0]).split(';')[0];
}

/** Resolves when the inbox handshake succeeds, rejects with the refusal. */
function handshake(url: string, token: string, origin: string): Promise<void> {
  const socket = connect(url, { auth: { token }, extraHeaders: { Origin: origin }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => { socket.close(); resolve(); });
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe('a Huixin served over plain http (no PUBLIC_URL)', () => {
  let hx: TestHuixin;
  beforeAll(async () => { hx = await startTestHuixin(); });
  afterAll(() => hx.close());

  it('sends a CSP without inline scripts, no framing, nosniff and a referrer policy', async () => {
    const res = await request(hx.url).get('/healthz').expect(200);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(expect.arrayContaining(["'self'", `ws://${new URL(hx.url).host}`]));
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('gives a session cookie without Secure, which plain http would never send back', async () => {
    const res = await request(hx.url).post('/api/auth/login').send(ADMIN).expect(200);
    expect(res.headers['set-cookie'][0]).not.toMatch(/;\s*Secure/i);
  });

  it('refuses a cookie-authenticated POST from another site with 403 forbidden_origin', async () => {
    const cookie = await sessionCookie(hx);
    const res = await request(hx.url).post('/api/rules/simulate').set('Cookie', cookie).set('Origin', EVIL).send({ text: '1' }).expect(403);
    expect(res.body.error.code).toBe('forbidden_origin');
    // Fetch Metadata says the same without an Origin header.
    await request(hx.url).post('/api/rules/simulate').set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site').send({ text: '1' }).expect(403);
    // And a login from another site's form cannot plant a session either.
    await request(hx.url).post('/api/auth/login').set('Origin', EVIL).send(ADMIN).expect(403);
  });

  it('accepts the same POST from its own pages, and from clients that send no Origin', async () => {
    const cookie = await sessionCookie(hx);
    await request(hx.url).post('/api/rules/simulate').set('Cookie', cookie).set('Origin', hx.url).send({ text: '1' }).expect(200);
    await request(hx.url).post('/api/rules/simulate').set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin').send({ text: '1' }).expect(200);
    await request(hx.url).post('/api/rules/simulate').set('Cookie', cookie).send({ text: '1' }).expect(200);
  });

  it('leaves Bearer requests and webhooks alone whatever their Origin', async () => {
    const token = await hx.loginAs(ADMIN.email, ADMIN.password);
    await request(hx.url).post('/api/rules/simulate').set('Authorization', `Bearer ${token}`).set('Origin', EVIL).send({ text: '1' }).expect(200);
    await request(hx.url).post('/webhooks/generic').set('Origin', EVIL).send({ id: randomUUID(), from: '+8613700990200', to: 'huixin', text: '你好' }).expect(200);
  });

  it('refuses a Socket.IO handshake from another site, and accepts one from its own', async () => {
    const token = await hx.loginAs(ADMIN.email, ADMIN.password);
    await expect(handshake(hx.url, token, EVIL)).rejects.toThrow();
    await expect(handshake(hx.url, token, hx.url)).resolves.toBeUndefined();
  });
});

describe('a Huixin whose PUBLIC_URL is https', () => {
  const PUBLIC_URL = 'https://sms.clinic.example';
  let hx: TestHuixin;
  beforeAll(async () => { hx = await startTestHuixin({ PUBLIC_URL }); });
  afterAll(() => hx.close());

  it('sends HSTS and marks the session cookie Secure', async () => {
    const res = await request(hx.url).post('/api/auth/login').send(ADMIN).expect(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['set-cookie'][0]).toMatch(/;\s*Secure/i);
  });

  it('accepts cookie POSTs and handshakes from the public origin, as a proxy in front would pass them on', async () => {
    const cookie = await sessionCookie(hx);
    await request(hx.url).post('/api/rules/simulate').set('Cookie', cookie).set('Origin', PUBLIC_URL).send({ text: '1' }).expect(200);
    const token = await hx.loginAs(ADMIN.email, ADMIN.password);
    await expect(handshake(hx.url, token, PUBLIC_URL)).resolves.toBeUndefined();
    await expect(handshake(hx.url, token, 'https://sms.clinic.example.evil.example')).rejects.toThrow();
  });
});
