import type { EntityManager } from 'typeorm';
import type { InboundSms } from '../channels/sms-provider';
import { Contact, Conversation, ConversationEpisode, SettingRow } from '../db/entities';
import { hydrateRow, prefixedColumns } from '../db/hydrate-row';
import { selectRows } from '../db/select-rows';
import { runQuery } from '../db/run-query';
import { HASH_KEY_SETTING, knownHashKey, storedHashKey } from '../contacts/privacy-hash';
import { RULESET_VERSION_KEY, rulesetVersionOf } from '../admin/ruleset-source';
import { insertStamped } from '../db/insert-stamped';
import { isUniqueViolation } from '../db/transaction';
import { publishAfterCommit } from '../events/after-commit';
import type { PendingEvents } from '../events/event-bus';
import * as state from './conversation-state';
import type { InboundDeps, InboundResult } from './receive-inbound';
import { createContact } from '../contacts/new-contact';
import { contactsIn } from '../db/repositories/contacts.repository';
import { episodeAtText, saveEpisode } from '../reports/episode-writes';
import { inboundOnSql } from './first-text';

// The rows every inbound SMS lands in, whether the pipeline decides what follows or fails and leaves it to a person.

export async function findOrCreateContact(em: EntityManager, phone: string, timezone: string, now: Date): Promise<Contact> {
  return (await contactOfSender(em, phone, timezone, now)).contact;
}

/**
 * The texting number's contact, found (as the first look read it, when given) or created, and whether it is new: a
 * contact created by this very text cannot have a conversation yet, so the caller inserts one without looking first.
 */
async function contactOfSender(em: EntityManager, phone: string, timezone: string, now: Date, looked?: FirstLook): Promise<{ contact: Contact; newContact: boolean }> {
  const existing = looked ? looked.contact : await contactsIn(em).findByPhone(phone);
  if (existing) return { contact: existing, newContact: false };
  // The locale is a first guess from the number (English, traditional or simplified Chinese); the admin can change it.
  return { contact: await createContact(em, { phone, timezone }, now, looked?.hashKey), newContact: true };
}

export async function findOrCreateConversation(em: EntityManager, contactId: number, now: Date): Promise<Conversation> {
  const [existing] = await selectRows(em, Conversation, 'contact_id = ?', [contactId]);
  return existing ?? newConversation(em, contactId, now);
}

const newConversation = (em: EntityManager, contactId: number, now: Date) => insertStamped(em, Conversation, {
  contactId, status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, awaiting: null, awaitingContext: null,
  snoozedUntil: null, lastMessageAt: null, waitingSince: null, unread: 0, priority: null, labels: null, channelId: null,
}, now);

/** What a text's transaction reads first, in one round trip. */
interface FirstLook {
  /** The message a provider delivered before under this id (a retry), if any. */
  seenId: number | null;
  contact: Contact | null;
  /** The privacy hash key a new contact's erased-number check needs (null: none stored); undefined when not read. */
  hashKey?: string | null;
  /** The stored ruleset version (admin/ruleset-cache.ts), read in the same round trip. */
  rulesetVersion: string;
}

/** A returning customer's thread as its text finds it (threadOf). */
interface FoundThread {
  conversation: Conversation;
  /** The conversation's open episode (one at most), null when none is open. */
  openEpisode: ConversationEpisode | null;
  /** Whether a text came in on the conversation before this one (the engine greets a wordless first text). */
  hadInbound: boolean;
}

/**
 * A known contact's conversation (one per contact), its open episode and whether a text came in on it before, in one
 * statement: a returning customer's text — a campaign's replies are all such texts — read them in three, one round trip
 * after another, inside its transaction. Null when the contact has no conversation yet. Asked only of a contact that
 * existed: a new customer's first look stays short (its statement is every webhook's, and MariaDB parses it each time).
 */
async function threadOf(em: EntityManager, contactId: number): Promise<FoundThread | null> {
  const [row] = await runQuery(em, `SELECT cv.*, ${prefixedColumns(em, ConversationEpisode, 'ep', 'ep__')},
    (${inboundOnSql('cv.id')}) AS had_inbound
    FROM conversations cv LEFT JOIN conversation_episodes ep ON ep.open_for = cv.id WHERE cv.contact_id = ?`, [contactId]) as Array<Record<string, unknown>>;
  if (!row) return null;
  return {
    conversation: hydrateRow(em, Conversation, row),
    openEpisode: row.ep__id == null ? null : hydrateRow(em, ConversationEpisode, row, 'ep__'),
    hadInbound: row.had_inbound != null,
  };
}

/**
 * The duplicate check, the texting number's contact and, unless this process knows it already, the privacy hash key
 * (new-contact.ts), in one statement: three round trips were a fifth of a new customer's transaction. Its one row
 * comes from the ruleset version's own settings row, the contact joined to it: a derived one-row table (`FROM (SELECT
 * 1) one`, as before 2026-12-07) made MariaDB build a temporary table for every text, ~20% of the statement's CPU. A
 * database without that row (never seeded) is read the derived way.
 */
async function firstLook(em: EntityManager, sms: InboundSms): Promise<FirstLook> {
  const readKey = !knownHashKey(em.connection);
  const q = (name: string) => em.connection.driver.escape(name);
  const look = async (version: string, from: string, params: unknown[]) => (await runQuery(em, `SELECT c.*,
    (SELECT m.id FROM messages m WHERE m.provider = ? AND m.provider_message_id = ?) AS seen_id, ${version} AS rv_value${
      readKey ? `, (SELECT hk.value FROM settings hk WHERE hk.${q('key')} = ?) AS hk_value` : ''} FROM ${from}`,
  [sms.provider, sms.providerMessageId, ...(readKey ? [HASH_KEY_SETTING] : []), ...params]) as Array<Record<string, unknown>>)[0];
  const row = await look('rv.value', `settings rv LEFT JOIN contacts c ON c.phone = ? WHERE rv.${q('key')} = ?`, [sms.from, RULESET_VERSION_KEY])
    ?? (await look('NULL', '(SELECT 1 AS one) one LEFT JOIN contacts c ON c.phone = ?', [sms.from]))!;
  const settingValue = em.connection.getMetadata(SettingRow).findColumnWithPropertyName('value')!;
  const valueOf = (v: unknown) => (v == null ? null : em.connection.driver.prepareHydratedValue(v, settingValue) as unknown);
  return {
    seenId: row.seen_id == null ? null : Number(row.seen_id),
    contact: row.id == null ? null : hydrateRow(em, Contact, row),
    rulesetVersion: rulesetVersionOf(valueOf(row.rv_value)),
    ...(readKey ? { hashKey: storedHashKey(em.connection, valueOf(row.hk_value)) } : {}),
  };
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
  /** A text came in on the conversation before this one. */
  hadInbound: boolean;
  /** The stored ruleset version as this transaction read it. */
  rulesetVersion: string;
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
        const looked = await firstLook(em, sms);
        if (looked.seenId !== null) return { messageId: looked.seenId, duplicate: true };
        const now = deps.clock.now();
        const { contact, newContact } = await contactOfSender(em, sms.from, deps.defaultTimezone, now, looked);
        // A contact that existed may have its thread (an imported one may not, yet); a new one has none.
        const found = newContact ? null : await threadOf(em, contact.id);
        const conversation = found?.conversation ?? await newConversation(em, contact.id, now);
        const before = { status: conversation.status, handledBy: conversation.handledBy, isNew: conversation.lastMessageAt === null };
        reopenForInbound(conversation, now);
        // Replies go out on the channel the customer last texted (null: the default channel).
        conversation.channelId = sms.channelId !== undefined ? sms.channelId
          : (await deps.channels.texted(em, sms.provider, [sms.to, ...(sms.channelKeys ?? [])]))?.id ?? null;
        const episode = await episodeAtText(em, before, conversation, contact, now, found?.openEpisode ?? null);
        const hadInbound = found?.hadInbound ?? false;
        const messageId = await work({ em, now, contact, conversation, episode, events, newThread: before.isNew, newContact, hadInbound, rulesetVersion: looked.rulesetVersion });
        await saveEpisode(em, episode);
        return { messageId, duplicate: false };
      // Texts arriving together commit together (db/group-commit.ts); two from one number never share a group.
      }, sms.from);
    } catch (err) {
      if (!isUniqueViolation(err) || attempt > 0) throw err;
    }
  }
}
