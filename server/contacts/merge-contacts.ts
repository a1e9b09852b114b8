import type { EntityManager } from 'typeorm';
import { campaignCountsOf } from '../reports/campaign-rollups';
import { Appointment, ComplaintEvent, ConsentEvent, Contact, Conversation, ConversationLabel, ConversationNote, Message } from '../db/entities';
import { setLabels } from '../conversations/conversation-labels';
import { CONVERSATION_PRIORITIES, type ConversationPriority } from '../inbox/socket-contract';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { moveEpisodes } from '../reports/episode-writes';
import { lockContact } from './contact-lock';
import { recordTagsAdded } from './tag-events';

export interface MergeCounts { contactId: number; messages: number; notes: number; appointments: number; consentEvents: number }
export interface Merged { kept: Contact; conversation: Conversation | null; counts: MergeCounts }

const earliest = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : a ?? b);
const latest = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : a ?? b);

/**
 * Folds contact `otherId` into `keptId`, inside the caller's transaction: the other's messages and notes move into the
 * kept conversation (one per contact), its appointments (their reminder jobs name the appointment, so they follow)
 * and consent proof move over, tags are united, empty name and attributes filled from the other, and the other goes.
 *
 * Consent: the stricter wins. An opt-out of either stays (from the earlier time), a marketing refusal of either stays,
 * and marketing consent survives only if both had it: a yes given for one record is not a yes for texts the other
 * record's person never agreed to, and merging must never be a way to widen consent. The kept conversation's state
 * (status, owner, menu) stays; it only takes the other's when the kept contact had no conversation.
 */
export async function mergeContacts(em: EntityManager, keptId: number, otherId: number, now: Date): Promise<Merged> {
  // Lock in id order, so two merges of the same pair in opposite directions cannot deadlock on MariaDB.
  const [first, second] = keptId < otherId ? [keptId, otherId] : [otherId, keptId];
  const locked = new Map([[first, await lockContact(em, first)], [second, await lockContact(em, second)]]);
  const kept = locked.get(keptId)!;
  const other = locked.get(otherId)!;
  // The campaigns report's counts of both people's texts, recounted once they are one (campaign-rollups.ts).
  const campaignCounts = await campaignCountsOf(em, [kept.id, other.id]);

  const conversation = await mergeConversations(em, kept.id, other.id, now);
  const moved = async (entity: typeof Appointment | typeof ConsentEvent) => (await em.update(entity, { contactId: other.id }, { contactId: kept.id })).affected ?? 0;
  const appointments = await moved(Appointment);
  const consentEvents = await moved(ConsentEvent);

  const marketingOptedOut = kept.marketingOptedOut || other.marketingOptedOut;
  const fields: Partial<Contact> = {
    name: kept.name ?? other.name,
    tags: [...new Set([...kept.tags, ...other.tags])],
    attributes: other.attributes || kept.attributes ? { ...(other.attributes ?? {}), ...(kept.attributes ?? {}) } : null,
    optedOut: kept.optedOut || other.optedOut,
    optedOutAt: kept.optedOut || other.optedOut ? earliest(kept.optedOut ? kept.optedOutAt : null, other.optedOut ? other.optedOutAt : null) : null,
    marketingOptedOut,
    marketingConsentAt: !marketingOptedOut && kept.marketingConsentAt && other.marketingConsentAt ? kept.marketingConsentAt : null,
  };
  await em.delete(Contact, { id: other.id });
  await em.update(Contact, { id: kept.id }, fields);
  // The kept contact now has the other's tags: when the other got them moves over (a tag_added campaign that started
  // since still finds the person), and tags new to the kept contact count as added now.
  await em.createQueryBuilder().update('contact_tag_events').set({ contact_id: kept.id }).where('contact_id = :other', { other: other.id }).execute();
  await recordTagsAdded(em, kept.id, kept.tags, fields.tags!, now);
  await campaignCounts.recount();
  Object.assign(kept, fields);
  return { kept, conversation: conversation.kept, counts: { contactId: other.id, messages: conversation.messages, notes: conversation.notes, appointments, consentEvents } };
}

/** The one conversation the kept contact ends with, and how many messages and notes came over. */
async function mergeConversations(em: EntityManager, keptId: number, otherId: number, now: Date) {
  const [keptRow, otherRow] = await Promise.all([em.findOneBy(Conversation, { contactId: keptId }), em.findOneBy(Conversation, { contactId: otherId })]);
  const kept = keptRow && await conversationsIn(em).lockById(keptRow.id);
  const other = otherRow && await conversationsIn(em).lockById(otherRow.id);
  // Every message of the other contact, whichever conversation it sits in, is the kept contact's now.
  const messages = (await em.update(Message, { contactId: otherId }, { contactId: keptId })).affected ?? 0;
  await em.update(ComplaintEvent, { contactId: otherId }, { contactId: keptId, ...(kept ? { conversationId: kept.id } : {}) });
  if (!other) return { kept, messages, notes: 0 };
  if (!kept) {
    await em.update(Conversation, { id: other.id }, { contactId: keptId });
    await moveEpisodes(em, { conversationId: other.id }, { conversationId: other.id, contactId: keptId }, now);
    return { kept: Object.assign(other, { contactId: keptId }), messages, notes: 0 };
  }
  await em.update(Message, { conversationId: other.id }, { conversationId: kept.id });
  await moveEpisodes(em, { conversationId: other.id }, { conversationId: kept.id, contactId: keptId }, now);
  const notes = (await em.update(ConversationNote, { conversationId: other.id }, { conversationId: kept.id })).affected ?? 0;
  Object.assign(kept, { lastMessageAt: latest(kept.lastMessageAt, other.lastMessageAt), unread: kept.unread + other.unread });
  // Labels are the union; the more pressing priority wins (urgent beats low, any beats none).
  await em.delete(ConversationLabel, { conversationId: other.id });
  await setLabels(em, kept, [...(kept.labels ?? []), ...(other.labels ?? [])]);
  kept.priority = morePressing(kept.priority, other.priority);
  await em.delete(Conversation, { id: other.id });
  await conversationsIn(em).saveState(kept);
  return { kept, messages, notes };
}

function morePressing(a: ConversationPriority | null, b: ConversationPriority | null): ConversationPriority | null {
  const rank = (p: ConversationPriority | null) => (p === null ? CONVERSATION_PRIORITIES.length : CONVERSATION_PRIORITIES.indexOf(p));
  return rank(a) <= rank(b) ? a : b;
}

/** The newest message of a conversation, for the inbox row's preview. */
export async function lastMessageOf(em: EntityManager, conversationId: number): Promise<Message | null> {
  const [last] = await em.find(Message, { where: { conversationId }, order: { id: 'DESC' }, take: 1 });
  return last ?? null;
}
