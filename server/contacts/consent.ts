import type { EntityManager } from 'typeorm';
import { ConsentEvent, Contact } from '../db/entities';

export interface ConsentChange {
  kind: ConsentEvent['kind'];
  /** sms = the customer's keyword; provider = a carrier/provider report such as Twilio 21610. */
  source: ConsentEvent['source'];
  /** The message that carried or caused the change (the STOP itself, or the send the carrier refused). */
  messageId?: number | null;
  detail?: string | null;
  at: Date;
}

const DETAIL_LENGTH = 100;

/**
 * The one way a contact's consent changes: the flags and their proof (a ConsentEvent) are written together, and only
 * when the state really changes. A repeated STOP or a second 21610 finds the contact already opted out, keeps the
 * first opt-out's time and writes no second event; the repeated STOP itself stays on record as an inbound message
 * carrying its opt_out decision.
 *
 * The flag flips by compare-and-set (`WHERE opted_out = <the other state>`), not by trusting `contact`: the sender's
 * copy was read before a slow send, and a status callback may opt the same number out on another node meanwhile.
 * Call it inside the transaction that records the cause, so the proof and the state commit or roll back together.
 * Returns whether the state changed; `contact` is updated to match either way.
 */
export async function recordConsentChange(em: EntityManager, contact: Contact, change: ConsentChange): Promise<boolean> {
  const optedOut = change.kind === 'opt_out';
  const optedOutAt = optedOut ? change.at : null;
  const result = await em.update(Contact, { id: contact.id, optedOut: !optedOut }, { optedOut, optedOutAt });
  if (result.affected !== 1) {
    // Already in that state (perhaps changed by someone else since `contact` was read): keep its time as stored.
    if (contact.optedOut !== optedOut) Object.assign(contact, await em.findOneByOrFail(Contact, { id: contact.id }));
    return false;
  }
  Object.assign(contact, { optedOut, optedOutAt });
  await em.createQueryBuilder().insert().into(ConsentEvent).values({
    contactId: contact.id, kind: change.kind, source: change.source, messageId: change.messageId ?? null,
    detail: change.detail == null ? null : truncate(change.detail, DETAIL_LENGTH), createdAt: change.at,
  }).updateEntity(false).execute();
  return true;
}

/** Cuts by code point: half an emoji's surrogate pair is not valid utf8mb4, and MariaDB would refuse the row. */
function truncate(text: string, length: number): string {
  return text.length <= length ? text : Array.from(text).slice(0, length).join('');
}
