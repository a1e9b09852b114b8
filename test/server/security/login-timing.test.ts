import request from 'supertest';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

/** Every scrypt call the server makes, with its cost parameters: the work a login does, without timing it. */
const scryptCalls: Array<{ saltBytes: number; keyBytes: number }> = [];
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return {
    ...actual,
    scrypt: (password: string, salt: Buffer, keylen: number, ...rest: unknown[]) => {
      scryptCalls.push({ saltBytes: salt.length, keyBytes: keylen });
      return (actual.scrypt as (...args: unknown[]) => void)(password, salt, keylen, ...rest);
    },
  };
});

let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin(); });
afterAll(() => hx.close());

async function scryptWorkOf(email: string): Promise<Array<{ saltBytes: number; keyBytes: number }>> {
  scryptCalls.length = 0;
  await request(hx.url).post('/api/auth/login').send({ email, password: 'a-wrong-password' }).expect(401);
  return [...scryptCalls];
}

describe('a failed login', () => {
  it('does the same scrypt work for an unknown email as for a known one, so timing cannot tell them apart', async () => {
    const known = await scryptWorkOf(ADMIN.email);
    const unknown = await scryptWorkOf('nobody@huixin.example');
    expect(known).toEqual([{ saltBytes: 16, keyBytes: 32 }]);
    expect(unknown).toEqual(known);
  });
});
