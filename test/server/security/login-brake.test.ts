import request from 'supertest';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin(); });
afterAll(() => hx.close());

// Requests come from loopback, a trusted proxy address, so X-Forwarded-For gives each test a client address of its own.
let lastOctet = 0;
const newAddress = () => `203.0.113.${++lastOctet}`;
const logIn = (from: string, email: string, password: string) =>
  request(hx.url).post('/api/auth/login').set('X-Forwarded-For', from).send({ email, password });

describe('the login brake', () => {
  it('answers the 6th wrong password for one account with 429 and Retry-After, and then refuses the right one too', async () => {
    const from = newAddress();
    for (let i = 0; i < 5; i++) await logIn(from, 'liu@clinic.example', `wrong-${i}`).expect(401);
    const sixth = await logIn(from, 'liu@clinic.example', 'wrong-6').expect(429);
    expect(sixth.body.error.code).toBe('too_many_attempts');
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // From another address too: the limit is the account's, not the guesser's.
    const right = await logIn(newAddress(), 'LIU@clinic.example', DEMO_AGENT_PASSWORD).expect(429);
    expect(right.headers['retry-after']).toEqual(expect.any(String));
  });

  it('treats an unknown email exactly like a known one', async () => {
    const from = newAddress();
    for (let i = 0; i < 5; i++) await logIn(from, 'nobody@clinic.example', `wrong-${i}`).expect(401);
    expect((await logIn(from, 'nobody@clinic.example', 'wrong-6').expect(429)).body.error.code).toBe('too_many_attempts');
  });

  it('forgets an account\'s failures once the right password is given', async () => {
    const from = newAddress();
    for (let i = 0; i < 4; i++) await logIn(from, 'sam@clinic.example', `wrong-${i}`).expect(401);
    await logIn(from, 'sam@clinic.example', DEMO_AGENT_PASSWORD).expect(200);
    for (let i = 0; i < 5; i++) await logIn(from, 'sam@clinic.example', `wrong-again-${i}`).expect(401);
    await logIn(from, 'sam@clinic.example', DEMO_AGENT_PASSWORD).expect(429);
  });

  it('stops one address that tries many accounts, while everyone else still logs in', async () => {
    const sprayer = newAddress();
    let answer = 401;
    let tried = 0;
    while (answer === 401 && tried < 60) answer = (await logIn(sprayer, `user${++tried}@spray.example`, 'password1')).status;
    expect(answer).toBe(429);
    expect(tried).toBe(51);
    const res = await logIn(sprayer, ADMIN.email, ADMIN.password).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    await logIn(newAddress(), ADMIN.email, ADMIN.password).expect(200);
  });

  it('counts an IPv6 sprayer by its /64, however many of its addresses it uses', async () => {
    let answer = 401;
    let tried = 0;
    while (answer === 401 && tried < 60) {
      ++tried;
      answer = (await logIn(`2001:db8:7:7:${tried.toString(16)}::1`, `v6user${tried}@spray.example`, 'password1')).status;
    }
    expect(answer).toBe(429);
    expect(tried).toBe(51);
    await logIn('2001:db8:7:8::1', ADMIN.email, ADMIN.password).expect(200);
  });
});
