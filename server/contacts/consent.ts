import type { EntityManager } from 'typeorm';
import type { ConsentScope } from '../../rules/types';
import { ConsentEvent, Contact } from '../db/entities';
import { countConsentChange } from '../reports/message-rollups';
import { aroundCampaignResponse } from '../reports/campaign-rollups';

export interface ConsentChange {
  kind: ConsentEvent['kind'];
  /** sms = the customer's keyword; provider = a carrier/provider report such as Twilio 21610. */
  source: ConsentEvent['source'];
  /** The message that carried or caused the change (the STOP itself, or the send the carrier refused). */
  messageId?: number | null;
  detail?: string | null;
  at: Date;
  /**
   * What is refused: every text ('all', the default) or marketing only ('marketing': appointment texts still go).
   * An opt-in with scope 'all' (START) restores everything; one with scope 'marketing' is a yes to marketing (an
   * agent or an import recording it): it sets `marketingConsentAt` and lifts a marketing refusal.
   */
  scope?: ConsentScope;
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
 * A marketing-only refusal flips `marketingOptedOut` the same way and its event says scope 'marketing'.
 * Call it inside the transaction that records the cause, so the proof and the state commit or roll back together.
 * Returns whether the state changed; `contact` is updated to match either way.
 */
export async function recordConsentChange(em: EntityManager, contact: Contact, change: ConsentChange): Promise<boolean> {
  const scope: ConsentScope = change.scope ?? 'all';
  const changed = change.kind === 'opt_in'
    ? (scope === 'marketing' ? await consentToMarketing(em, contact, change.at) : await optIn(em, contact))
    : scope === 'marketing' ? await refuseMarketing(em, contact)
      : await flip(em, contact, { optedOut: true, optedOutAt: change.at });
  if (!changed) return false;
  // The report counts, and the send an opt-out is charged to, kept on the event.
  const cause = await countConsentChange(em, contact.id, contact, { kind: change.kind, source: change.source, scope, at: change.at });
  const insert = () => em.createQueryBuilder().insert().into(ConsentEvent).values({
    contactId: contact.id, kind: change.kind, scope, source: change.source, messageId: change.messageId ?? null,
    detail: change.detail == null ? null : truncate(change.detail, DETAIL_LENGTH), createdAt: change.at, causeMessageId: cause,
  }).updateEntity(false).execute();
  // An opt-out within 72 h of a delivered campaign text is that text's (the campaigns report, campaign-rollups.ts).
  if (change.kind === 'opt_out') await aroundCampaignResponse(em, { contactId: contact.id, at: change.at }, insert); else await insert();
  return true;
}

type ConsentFlags = Partial<Pick<Contact, 'optedOut' | 'optedOutAt' | 'marketingOptedOut'>>;

/**
 * Sets one flag by compare-and-set (`WHERE flag = <the other state>`). Already in that state (perhaps changed by
 * someone else since `contact` was read): nothing is written and the stored row, with its first time, is re-read.
 */
async function flip(em: EntityManager, contact: Contact, to: ConsentFlags): Promise<boolean> {
  const flag = 'optedOut' in to ? 'optedOut' : 'marketingOptedOut';
  const result = await em.update(Contact, { id: contact.id, [flag]: !to[flag] }, to);
  if (result.affected === 1) { Object.assign(contact, to); return true; }
  if (contact[flag] !== to[flag]) Object.assign(contact, await em.findOneByOrFail(Contact, { id: contact.id }));
  return false;
}

/** START restores every text, the marketing ones a customer refused included: one event if either flag moved. */
async function optIn(em: EntityManager, contact: Contact): Promise<boolean> {
  const all = await flip(em, contact, { optedOut: false, optedOutAt: null });
  const marketing = await flip(em, contact, { marketingOptedOut: false });
  return all || marketing;
}

/** A yes to marketing: the first yes keeps its time; a marketing refusal on record is lifted by it. */
async function consentToMarketing(em: EntityManager, contact: Contact, at: Date): Promise<boolean> {
  const unrefused = await flip(em, contact, { marketingOptedOut: false });
  if (contact.marketingConsentAt) return unrefused;
  await em.update(Contact, { id: contact.id }, { marketingConsentAt: at });
  contact.marketingConsentAt = at;
  return true;
}

/** A no to marketing withdraws any yes on record, so the contact needs a fresh yes before marketing goes again. */
async function refuseMarketing(em: EntityManager, contact: Contact): Promise<boolean> {
  const refused = await flip(em, contact, { marketingOptedOut: true });
  if (!contact.marketingConsentAt) return refused;
  await em.update(Contact, { id: contact.id }, { marketingConsentAt: null });
  contact.marketingConsentAt = null;
  return true;
}

/** Cuts by code point: half an emoji's surrogate pair is not valid utf8mb4, and MariaDB would refuse the row. */
function truncate(text: string, length: number): string {
  return text.length <= length ? text : Array.from(text).slice(0, length).join('');
}
