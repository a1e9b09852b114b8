import { In, Like, type EntityManager } from 'typeorm';
import { COMPLETE_JOB, REMINDER_JOB } from '../appointments/reminder-schedule';
import { Appointment, AppointmentEvent, ComplaintEvent, ConsentEvent, Contact, Conversation, ConversationLabel, ConversationNote, IntentReviewRow, Message, ScheduledJob } from '../db/entities';
import { lockContact } from './contact-lock';
import { eraseEpisodes } from '../reports/episode-writes';
import { campaignCountsOf } from '../reports/campaign-rollups';
import { hashKeyFor, phoneHash } from './privacy-hash';

export interface Erased {
  contactId: number; conversationId: number | null; keptConsentEvents: number;
  /** For the caller's masked log line only: nothing stores it any more. */
  phone: string;
}

/**
 * Erasure on request (PIPL art. 47, GDPR art. 17), inside the caller's transaction: the contact, its conversation,
 * messages, notes, the reports' episodes, the intent reviews of its texts, its appointments with their history and
 * scheduled jobs all go.
 * Its consent events stay as proof that the number refused (or agreed), unlinked from everything — no contact, no
 * message, no detail (the detail may quote the customer) — and tied to the number only by a keyed hash, which
 * createContact looks up so a later text, booking or import of the same number is still opted out.
 */
export async function eraseContact(em: EntityManager, contactId: number): Promise<Erased> {
  const contact = await lockContact(em, contactId);
  const conversation = await em.findOneBy(Conversation, { contactId });

  // The campaigns report counts their texts as the rows do: they leave together (the other report counts stay).
  const campaignCounts = await campaignCountsOf(em, [contactId]);
  const messageIds = (await em.find(Message, { select: { id: true }, where: { contactId } })).map((m) => m.id);
  for (const ids of chunks(messageIds)) await em.delete(IntentReviewRow, { messageId: In(ids) });
  await em.delete(Message, { contactId });
  await eraseEpisodes(em, contactId, conversation?.id ?? null);
  // The report counts stay (they name nobody); the row that linked a complaint to this person goes with the texts.
  await em.delete(ComplaintEvent, { contactId });
  if (conversation) {
    await em.delete(Message, { conversationId: conversation.id });
    await em.delete(ConversationNote, { conversationId: conversation.id });
    await em.delete(ConversationLabel, { conversationId: conversation.id });
    await em.delete(Conversation, { id: conversation.id });
  }
  await campaignCounts.recount();

  const appointmentIds = (await em.find(Appointment, { select: { id: true }, where: { contactId } })).map((a) => a.id);
  for (const id of appointmentIds) {
    for (const kind of [REMINDER_JOB, COMPLETE_JOB]) await em.delete(ScheduledJob, { uniqueKey: Like(`${kind}:${id}:%`) });
  }
  for (const ids of chunks(appointmentIds)) await em.delete(AppointmentEvent, { appointmentId: In(ids) });
  await em.delete(Appointment, { contactId });

  const hash = phoneHash(await hashKeyFor(em), contact.phone);
  const kept = await em.update(ConsentEvent, { contactId }, { contactId: null, messageId: null, detail: null, phoneHash: hash });
  await em.delete(Contact, { id: contactId });
  return { contactId, conversationId: conversation?.id ?? null, keptConsentEvents: kept.affected ?? 0, phone: contact.phone };
}

/** IN lists of at most 500: a customer with years of texts must not exceed a driver's parameter limit. */
function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
