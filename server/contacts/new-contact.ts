import type { EntityManager } from 'typeorm';
import { ConsentEvent, Contact } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import { localeForNumber } from './locale-for-number';
import { existingHashKey, phoneHash } from './privacy-hash';

/** What a new contact may be given; everything else starts empty (or guessed from the number, like the locale). */
export interface NewContactFields {
  /** E.164. */
  phone: string;
  timezone: string;
  name?: string | null;
  locale?: string;
  tags?: string[];
  attributes?: Record<string, string | number> | null;
}

/**
 * The one way a contact is created: an inbound text, a booking, an agent, an import. A number someone had erased
 * still carries its refusal: if the latest kept proof for its hash is an opt-out (every text, or marketing), the new
 * contact starts opted out of that. Consent to marketing is not carried over: an erased person's yes went with them.
 * Cheap enough for the inbound path, and only when a contact is new: once a key exists (PRIVACY_HASH_KEY, or one
 * stored by the first erasure and then cached) one indexed query on the hashes; before any erasure, one read of the
 * key's settings row. "No key yet" is not cached: another process may erase someone, and its refusal must count here.
 * `hashKey`: that row as the caller already read it in this transaction (null: no key), so it is not read twice.
 */
export async function createContact(em: EntityManager, fields: NewContactFields, now: Date, hashKey?: string | null): Promise<Contact> {
  const refused = await refusalsOnRecord(em, fields.phone, hashKey);
  return insertStamped(em, Contact, {
    phone: fields.phone, name: fields.name ?? null, locale: fields.locale ?? localeForNumber(fields.phone), timezone: fields.timezone,
    tags: fields.tags ?? [], attributes: fields.attributes && Object.keys(fields.attributes).length ? fields.attributes : null,
    optedOut: refused.optedOut, optedOutAt: refused.optedOutAt, marketingOptedOut: refused.marketingOptedOut, marketingConsentAt: null,
  }, now);
}

export interface Refusals { optedOut: boolean; optedOutAt: Date | null; marketingOptedOut: boolean }

/**
 * Replays the erased proofs of a number in order, with recordConsentChange's meaning of each event. `hashKey`: the key
 * as the caller already read it in this transaction (null: none stored), so it is not read again.
 */
async function refusalsOnRecord(em: EntityManager, phone: string, hashKey?: string | null): Promise<Refusals> {
  const key = hashKey === undefined ? await existingHashKey(em) : hashKey;
  if (!key) return replayRefusals([]);
  const proofs = await em.find(ConsentEvent, { select: { id: true, kind: true, scope: true, createdAt: true }, where: { phoneHash: phoneHash(key, phone) }, order: { id: 'ASC' } });
  return replayRefusals(proofs);
}

/**
 * What a number's kept consent events, oldest first, leave refused — recordConsentChange's meaning of each: an opt-out
 * of marketing or of everything, a marketing yes lifting only a marketing refusal, START lifting everything. One
 * reading for a single new contact and for an import's thousands.
 */
export function replayRefusals(proofs: Pick<ConsentEvent, 'kind' | 'scope' | 'createdAt'>[]): Refusals {
  const state: Refusals = { optedOut: false, optedOutAt: null, marketingOptedOut: false };
  for (const proof of proofs) {
    if (proof.kind === 'opt_out' && proof.scope === 'marketing') state.marketingOptedOut = true;
    else if (proof.kind === 'opt_out') Object.assign(state, { optedOut: true, optedOutAt: proof.createdAt });
    else if (proof.scope === 'marketing') state.marketingOptedOut = false;
    else Object.assign(state, { optedOut: false, optedOutAt: null, marketingOptedOut: false });
  }
  return state;
}
