import type { EntityManager } from 'typeorm';
import type { InboundSms } from '../channels/sms-provider';
import { Conversation, type Contact } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import { isUniqueViolation } from '../db/transaction';
import { publishAfterCommit } from '../events/after-commit';
import type { PendingEvents } from '../events/event-bus';
import * as state from './conversation-state';
import type { InboundDeps, InboundResult } from './receive-inbound';
import { createContact } from '../contacts/new-contact';
import { contactsIn } from '../db/repositories/contacts.repository';
import type { ConversationEpisode } from '../db/entities';
import { episodeAtText, saveEpisode } from '../reports/episode-writes';

// The rows every inbound SMS lands in, whether the pipeline decides what follows or fails and leaves it to a person.

export async function findOrCreateContact(em: EntityManager, phone: string, timezone: string, now: Date): Promise<Contact> {
  return (await contactAndThread(em, phone, timezone, now)).contact;
}

/**
 * The texting number's contact and conversation. A contact created by this very text cannot have a conversation yet,
 * so a new customer's thread is inserted without looking for one first (one round trip fewer on the hot path).
 */
async function contactAndThread(em: EntityManager, phone: string, timezone: string, now: Date): Promise<{ contact: Contact; newContact: boolean }> {
  const existing = await contactsIn(em).findByPhone(phone);
  if (existing) return { contact: existing, newContact: false };
  // The locale is a first guess from the number (English, traditional or simplified Chinese); the admin can change it.
  return { contact: await createContact(em, { phone, timezone }, now), newContact: true };
}

export async function findOrCreateConversation(em: EntityManager, contactId: number, now: Date): Promise<Conversation> {
  const existing = await em.findOneBy(Conversation, { contactId });
  return existing ?? newConversation(em, contactId, now);
}

const newConversation = (em: EntityManager, contactId: number, now: Date) => insertStamped(em, Conversation, {
  contactId, status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, awaiting: null, awaitingContext: null,
  snoozedUntil: null, lastMessageAt: null, waitingSince: null, unread: 0, priority: null, labels: null, channelId: null,
}, now);

/** The id of the message a provider delivered before under this id, if any: only the id is needed, so only it is read. */
async function seenBefore(em: EntityManager, sms: InboundSms): Promise<number | null> {
  const [row] = await em.query('SELECT id FROM messages WHERE provider = ? AND provider_message_id = ?', [sms.provider, sms.providerMessageId]) as Array<{ id: number | string }>;
  return row ? Number(row.id) : null;
}

/** A new message wakes the thread: resolved threads go back to the bot, snoozed ones reopen for their owner. */
export function reopenForInbound(conv: Conversation, now: Date): void {
  Object.assign(conv, state.reopenForInbound(conv, now));
}

/**
 * What the work on one inbound SMS has open: its transaction, the thread it woke, the episode the text belongs to
 * (written once `work` is done, with any hand-off it made), and events for after commit.
 */
export interface InboundThread {
  em: EntityManager; now: Date; contact: Contact; conversation: Conversation; episode: ConversationEpisode; events: PendingEvents;
  /** The conversation was created by this text: nothing came in on it before, and its contact has no appointments yet if it is new too. */
  newThread: boolean;
  /** The contact was created by this text: it has no appointments, no campaign texted it. */
  newContact: boolean;
}

/**
 * One transaction for an inbound SMS: a provider id seen before is a no-op; otherwise the contact and conversation
 * are found or created and woken, its episode continued or opened, `work` stores the message (returning its id), and
 * the events it gathered are published after commit. Losing a race (the same provider id, a first message from the
 * same new number, or two texts opening the thread's episode, committed by another request meanwhile) is retried
 * once, which finds the stored rows.
 */
export async function inInboundThread(
  deps: Pick<InboundDeps, 'ds' | 'clock' | 'defaultTimezone' | 'channels'>, sms: InboundSms, work: (thread: InboundThread) => Promise<number>,
): Promise<InboundResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await publishAfterCommit(deps.ds, async (em, events) => {
        const seen = await seenBefore(em, sms);
        if (seen !== null) return { messageId: seen, duplicate: true };
        const now = deps.clock.now();
        const { contact, newContact } = await contactAndThread(em, sms.from, deps.defaultTimezone, now);
        const conversation = newContact ? await newConversation(em, contact.id, now) : await findOrCreateConversation(em, contact.id, now);
        const before = { status: conversation.status, handledBy: conversation.handledBy, isNew: conversation.lastMessageAt === null };
        reopenForInbound(conversation, now);
        // Replies go out on the channel the customer last texted (null: the default channel).
        conversation.channelId = sms.channelId !== undefined ? sms.channelId
          : (await deps.channels.texted(em, sms.provider, [sms.to, ...(sms.channelKeys ?? [])]))?.id ?? null;
        const episode = await episodeAtText(em, before, conversation, contact, now);
        const messageId = await work({ em, now, contact, conversation, episode, events, newThread: before.isNew, newContact });
        await saveEpisode(em, episode);
        return { messageId, duplicate: false };
      });
    } catch (err) {
      if (!isUniqueViolation(err) || attempt > 0) throw err;
    }
  }
}
