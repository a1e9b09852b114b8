import type { EntityManager } from 'typeorm';
import type { BusinessCalendar } from '../../rules';
import type { Settings } from '../../rules/types';
import { BOT_SETTINGS_KEY } from '../admin/ruleset-source';
import { ConversationEpisode, SettingRow, type Contact, type Conversation } from '../db/entities';
import { insertRow } from '../db/insert-row';
import { newEntity } from '../db/new-entity';
import { selectRows } from '../db/select-rows';
import { updateRow } from '../db/update-row';
import { countedEpisode, countEpisodeChange, type CountedEpisode } from './episode-rollups';
import * as episode from './episode-state';

// The episode rows, written inside the transaction of the event each change records (episode-state.ts says what).

/** The business calendar in force now, read in the caller's transaction: the one a response time is counted on. */
export async function calendarIn(em: EntityManager): Promise<BusinessCalendar> {
  const row = await em.findOneByOrFail(SettingRow, { key: BOT_SETTINGS_KEY });
  const { timezone, businessHours, closedDates, makeUpWorkdays } = row.value as Settings;
  return { timezone, businessHours, closedDates, makeUpWorkdays };
}

const openOf = async (em: EntityManager, conversationId: number): Promise<ConversationEpisode | null> =>
  (await selectRows(em, ConversationEpisode, 'open_for = ?', [conversationId]))[0] ?? null;

/** An episode's counted fields as stored, kept while the text's handling changes the row in memory (saveEpisode counts the difference). */
const asStored = new WeakMap<ConversationEpisode, CountedEpisode>();

/** One episode's UPDATE and its counts (episode-rollups.ts) in the same transaction; answers the row's counted fields after it. */
export async function updateEpisode(em: EntityManager, id: number, before: CountedEpisode, patch: episode.EpisodePatch): Promise<CountedEpisode> {
  await em.update(ConversationEpisode, { id }, patch);
  const after = countedEpisode({ ...before, ...patch } as CountedEpisode);
  await countEpisodeChange(em, before, after);
  return after;
}

/** The thread as it was before the text woke it (reopenForInbound changes it), and whether it is brand new. */
export interface BeforeText extends episode.ThreadState { isNew: boolean }

/**
 * A customer's text: the open episode continues, or a new one opens (the one before ended by the quiet rule first).
 * The row is returned unsaved, so the hand-off the decision may make lands in the same single write (saveEpisode).
 * `openEpisode`: the conversation's open episode as the caller's transaction read it with the thread (null: none open,
 * and a brand-new conversation has none).
 */
export async function episodeAtText(em: EntityManager, before: BeforeText, conversation: Conversation, contact: Contact, now: Date,
  openEpisode: ConversationEpisode | null): Promise<ConversationEpisode> {
  const open = before.isNew ? null : openEpisode;
  if (open) {
    const ended = before.status === 'resolved' ? episode.endedUnseen(open, now) : episode.quietEnd(open, before, now);
    if (!ended) {
      asStored.set(open, countedEpisode(open));
      return Object.assign(open, episode.textedAgain(open, now));
    }
    await updateEpisode(em, open.id, open, ended);
  }
  return newEntity(em, ConversationEpisode, episode.opened({
    conversationId: conversation.id, contactId: contact.id, channelId: conversation.channelId ?? null, language: contact.locale,
  }, now));
}

/**
 * Writes the text's episode: one INSERT for a new one (every column given, so nothing is read back), one UPDATE of
 * what a text can change otherwise.
 */
export async function saveEpisode(em: EntityManager, ep: ConversationEpisode): Promise<void> {
  if (ep.id === undefined) {
    ep.id = await insertRow(em, ConversationEpisode, ep);
    await countEpisodeChange(em, null, ep);
    return;
  }
  const before = asStored.get(ep) ?? await em.findOneByOrFail(ConversationEpisode, { id: ep.id });
  await updateRow(em, ConversationEpisode, ep.id, {
    lastInboundAt: ep.lastInboundAt, inboundCount: ep.inboundCount, handoffAt: ep.handoffAt, handoffReason: ep.handoffReason,
  });
  await countEpisodeChange(em, before, ep);
  asStored.set(ep, countedEpisode(ep));
}

/** The bot (or a failure) hands the customer to a person while their text is being handled. */
export function markHandOff(ep: ConversationEpisode, reason: string, now: Date): void {
  Object.assign(ep, episode.handedOff(ep, reason, now));
}

/** An SMS an agent sent into the thread (outbox row of origin 'agent'): the episode's first response, if it is the first. */
export async function recordPersonReply(em: EntityManager, conversationId: number, agentId: number, now: Date): Promise<void> {
  const open = await openOf(em, conversationId);
  if (!open || open.firstResponseAt) return;
  const patch = episode.answered(open, agentId, now, await calendarIn(em));
  if (patch) await updateEpisode(em, open.id, open, patch);
}

/**
 * A change of the thread by a person or a timer (conversation.service.ts, on the locked row): resolving ends the
 * open episode, reopening a resolved thread takes its last episode back up, and the thread passing from the bot to a
 * person is the episode's hand-off (`taken_over`, or `assigned` when an admin gave it to someone).
 */
export async function recordThreadChange(em: EntityManager, before: Conversation, after: Conversation, now: Date, agentId: number | null): Promise<void> {
  const { resolving, reopening, toPerson } = episode.threadChangeOf(before, after);
  if (!resolving && !reopening && !toPerson) return;
  if (reopening) {
    const last = await em.findOne(ConversationEpisode, { where: { conversationId: after.id }, order: { id: 'DESC' } });
    const patch = last && episode.reopened(last, after.id);
    if (patch) await updateEpisode(em, last!.id, last!, patch);
  }
  const open = await openOf(em, after.id);
  if (!open) return;
  // Each change is worked out from the row as read (as before counting), each counted from the state the last one left.
  let counted: CountedEpisode = open;
  if (toPerson && !open.handoffAt) counted = await updateEpisode(em, open.id, counted, episode.handedOff(open, after.handoffReason ?? 'assigned', now));
  if (resolving) await updateEpisode(em, open.id, counted, episode.resolvedByPerson(open, agentId, now, await calendarIn(em)));
}

/**
 * Two contacts merged (contacts/merge-contacts.ts): the other's episodes become the kept conversation's. A
 * conversation has one open episode at most, so when both had one, the other's ends now, unresolved by anyone.
 */
export async function moveEpisodes(em: EntityManager, from: { conversationId: number }, to: { conversationId: number; contactId: number }, now: Date): Promise<void> {
  const [theirs, ours] = await Promise.all([openOf(em, from.conversationId), from.conversationId === to.conversationId ? null : openOf(em, to.conversationId)]);
  if (theirs && ours) await updateEpisode(em, theirs.id, theirs, episode.endedUnseen(theirs, now));
  else if (theirs) await em.update(ConversationEpisode, { id: theirs.id }, { openFor: to.conversationId });
  await em.update(ConversationEpisode, { conversationId: from.conversationId }, { conversationId: to.conversationId, contactId: to.contactId });
}

/** A contact erased (contacts/erase-contact.ts): their episodes go with their messages, as the figures built on them do. */
export async function eraseEpisodes(em: EntityManager, contactId: number, conversationId: number | null): Promise<void> {
  const select = {
    startedAt: true, language: true, handoffAt: true, handoffReason: true, firstResponseAt: true, botResolved: true,
    firstResponseSeconds: true, firstResponseBusinessSeconds: true, resolvedBy: true, resolvedAgentId: true, resolutionSeconds: true, resolutionBusinessSeconds: true,
  } as const;
  const where = conversationId === null ? [{ contactId }] : [{ contactId }, { conversationId }];
  const gone = await em.find(ConversationEpisode, { select, where });
  await em.delete(ConversationEpisode, { contactId });
  if (conversationId !== null) await em.delete(ConversationEpisode, { conversationId });
  for (const ep of gone) await countEpisodeChange(em, ep, null);
}
