import type { EntityManager } from 'typeorm';
import type { InboundSms } from '../channels/sms-provider';
import { Conversation, Message, type Contact } from '../db/entities';
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
  const existing = await contactsIn(em).findByPhone(phone);
  if (existing) return existing;
  // The locale is a first guess from the number (English, traditional or simplified Chinese); the admin can change it.
  return createContact(em, { phone, timezone }, now);
}

export async function findOrCreateConversation(em: EntityManager, contactId: number, now: Date): Promise<Conversation> {
  const existing = await em.findOneBy(Conversation, { contactId });
  if (existing) return existing;
  return insertStamped(em, Conversation, {
    contactId, status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, awaiting: null, awaitingContext: null,
    snoozedUntil: null, lastMessageAt: null, waitingSince: null, unread: 0, priority: null, labels: null, channelId: null,
  }, now);
}

/** A new message wakes the thread: resolved threads go back to the bot, snoozed ones reopen for their owner. */
export function reopenForInbound(conv: Conversation, now: Date): void {
  Object.assign(conv, state.reopenForInbound(conv, now));
}

/**
 * What the work on one inbound SMS has open: its transaction, the thread it woke, the episode the text belongs to
 * (written once `work` is done, with any hand-off it made), and events for after commit.
 */
export interface InboundThread { em: EntityManager; now: Date; contact: Contact; conversation: Conversation; episode: ConversationEpisode; events: PendingEvents }

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
        const seen = await em.findOneBy(Message, { provider: sms.provider, providerMessageId: sms.providerMessageId });
        if (seen) return { messageId: seen.id, duplicate: true };
        const now = deps.clock.now();
        const contact = await findOrCreateContact(em, sms.from, deps.defaultTimezone, now);
        const conversation = await findOrCreateConversation(em, contact.id, now);
        const before = { status: conversation.status, handledBy: conversation.handledBy, isNew: conversation.lastMessageAt === null };
        reopenForInbound(conversation, now);
        // Replies go out on the channel the customer last texted (null: the default channel).
        conversation.channelId = sms.channelId !== undefined ? sms.channelId
          : (await deps.channels.texted(em, sms.provider, [sms.to, ...(sms.channelKeys ?? [])]))?.id ?? null;
        const episode = await episodeAtText(em, before, conversation, contact, now);
        const messageId = await work({ em, now, contact, conversation, episode, events });
        await saveEpisode(em, episode);
        return { messageId, duplicate: false };
      });
    } catch (err) {
      if (!isUniqueViolation(err) || attempt > 0) throw err;
    }
  }
}
