import type { DataSource } from 'typeorm';
import { ConsentEvent } from '../db/entities';
import { existingHashKey, hashKeyFor, phoneHash } from './privacy-hash';

// The bulk import's view of the erased-number hash: one hasher for a whole file. The key and the hash themselves are
// privacy-hash.ts's alone, so an erasure and a later import of the same number always agree.

/** A hasher of E.164 numbers with the business's key (made and stored on first use). */
export async function phoneHasher(ds: DataSource): Promise<(e164: string) => string> {
  const key = await hashKeyFor(ds.manager);
  return (e164) => phoneHash(key, e164);
}

/**
 * The hasher when some contact was ever erased (a consent event keeps a hashed number), else null: a bulk import
 * then needs no hash lookups at all.
 */
export async function erasedNumberHasher(ds: DataSource): Promise<((e164: string) => string) | null> {
  const erased = await ds.manager.createQueryBuilder(ConsentEvent, 'e').select('e.id').where('e.phoneHash IS NOT NULL').limit(1).getRawOne();
  const key = erased ? await existingHashKey(ds.manager) : null;
  return key ? (e164) => phoneHash(key, e164) : null;
}
