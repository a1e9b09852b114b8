import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

/** scrypt with a random salt; stored as "scrypt$salt$hash" so the scheme can change later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** A hash made like hashPassword's (same salt and key length) of a password nobody knows. */
const NOBODYS_HASH = 'scrypt$oLLNevtN0vKCegteJrY4Ew==$ueiEYleoJUB7S+3Dc/6XE+AEqO4papISJ97TglnCVuI=';

/**
 * For a login whose email has no account: the same scrypt work as a real check, then no. Skipping it answered an
 * unknown email about twelve times faster than a known one, which told anyone which emails have accounts.
 */
export async function verifyWithoutAccount(password: string): Promise<false> {
  await verifyPassword(password, NOBODYS_HASH);
  return false;
}
