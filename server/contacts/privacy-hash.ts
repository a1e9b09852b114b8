import { createHmac, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { SettingRow } from '../db/entities';
import { isUniqueViolation } from '../db/transaction';

/**
 * The keyed hash that ties an erased contact's consent proof to its number (PIPL/GDPR erasure keeps the proof, not
 * the person): HMAC-SHA256 of the E.164 number. Keyed, so the table alone cannot be reversed by hashing every number
 * of a region. The key is PRIVACY_HASH_KEY when set (server/config.ts), else a random key made on the first erasure
 * and kept in the settings table. Changing PRIVACY_HASH_KEY later orphans the proofs hashed with the old key.
 */
export const HASH_KEY_SETTING = 'privacy.hash_key';

/** The configured key per database (set at start-up), so every caller of createContact finds it through its `em`. */
const configuredKeys = new WeakMap<DataSource, string>();
/** A stored key never changes once made: read once per process. */
const storedKeys = new WeakMap<DataSource, string>();

export function usePrivacyHashKey(ds: DataSource, key: string | undefined): void {
  if (key) configuredKeys.set(ds, key);
}

export const phoneHash = (key: string, phone: string): string => createHmac('sha256', key).update(phone).digest('hex');

/** The key if one exists; null means no contact was ever erased with a stored key, so no hashed proof can match. */
export async function existingHashKey(em: EntityManager): Promise<string | null> {
  const known = knownHashKey(em.connection);
  if (known) return known;
  return storedHashKey(em.connection, (await em.findOneBy(SettingRow, { key: HASH_KEY_SETTING }))?.value);
}

/** The key when this process already knows it (configured, or read once since it was stored): no query needed. */
export const knownHashKey = (ds: DataSource): string | null => configuredKeys.get(ds) ?? storedKeys.get(ds) ?? null;

/** The key setting's value as read by a caller (the inbound path reads it with the contact): remembered once it exists. */
export function storedHashKey(ds: DataSource, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  storedKeys.set(ds, value);
  return value;
}

/**
 * The key, made and stored on first use (an erasure). Two first erasures racing meet the primary key; the loser
 * reads the winner's key. Not cached here: the caller's transaction may still roll back.
 */
export async function hashKeyFor(em: EntityManager): Promise<string> {
  const configured = configuredKeys.get(em.connection);
  if (configured) return configured;
  const row = await em.findOneBy(SettingRow, { key: HASH_KEY_SETTING });
  if (typeof row?.value === 'string') return row.value;
  const key = randomBytes(32).toString('base64url');
  try {
    await em.insert(SettingRow, { key: HASH_KEY_SETTING, value: key });
    return key;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return (await em.findOneByOrFail(SettingRow, { key: HASH_KEY_SETTING })).value as string;
  }
}
