/**
 * An episode's life, as pure transitions (facts in, the columns to write out), so the definitions the reports print
 * are written once, here, and every writer applies the same ones (episode-writes.ts does the I/O).
 *
 * - An episode opens with a customer's text when its conversation has no open episode: a first text, a text to a
 *   resolved thread, to a thread an agent or a campaign started, or after the quiet rule ended the last one.
 * - A hand-off is the first time in the episode the bot (or a pipeline failure) passed the customer to a person, or a
 *   person took the thread from the bot (take-over: reason `taken_over`; an admin's assignment: `assigned`).
 * - The first response is the first public reply by a person: any SMS an agent sends into the thread (typed, canned,
 *   a template from the composer, the bot's offer sent by a click, a visit confirmed/moved/cancelled from the contact
 *   panel) — not a note, not the bot's replies, not automatic texts (reminders, surveys, campaigns). It is measured
 *   from the later of the episode's start and its hand-off, in calendar and in business seconds.
 * - It ends when a person resolves the thread, or by the quiet rule: a thread the bot handles (open, not waiting for a
 *   person) whose customer has said nothing for QUIET_HOURS. A resolved thread reopened by an agent takes its last
 *   episode back up (the resolution was premature); a snooze ends nothing (the customer's matter is not settled).
 * - Bot-resolved: ended with no hand-off and no person's reply. Such episodes are left out of both time metrics.
 */
import { businessSeconds, type BusinessCalendar } from '../../rules';
import type { ConversationEpisode } from '../db/entities';
import type { ConversationStatus, HandledBy } from '../inbox/socket-contract';

/** Hours without a customer text after which a thread the bot handles counts as resolved. */
export const QUIET_HOURS = 24;
const QUIET_MS = QUIET_HOURS * 3_600_000;

export type EpisodePatch = Partial<ConversationEpisode>;
type Episode = Pick<ConversationEpisode, 'startedAt' | 'lastInboundAt' | 'inboundCount' | 'openFor' | 'handoffAt' | 'firstResponseAt' | 'resolvedBy'>;
/** What an episode needs to know of its thread. */
export interface ThreadState { status: ConversationStatus; handledBy: HandledBy }

/** No hand-off and no person's reply (so far). */
export const isBotOnly = (ep: Pick<ConversationEpisode, 'handoffAt' | 'firstResponseAt'>): boolean => ep.handoffAt === null && ep.firstResponseAt === null;

/** A new episode, opened by a customer's text at `now`. */
export function opened(thread: Pick<ConversationEpisode, 'conversationId' | 'contactId' | 'channelId' | 'language'>, now: Date): EpisodePatch {
  return {
    ...thread, startedAt: now, lastInboundAt: now, inboundCount: 1, openFor: thread.conversationId, handoffAt: null, handoffReason: null,
    firstResponseAt: null, firstResponseAgentId: null, firstResponseSeconds: null, firstResponseBusinessSeconds: null,
    resolvedAt: null, resolvedBy: null, resolvedAgentId: null, resolutionSeconds: null, resolutionBusinessSeconds: null, botResolved: false,
  };
}

/** Another text from the customer in the same episode. */
export const textedAgain = (ep: Episode, now: Date): EpisodePatch => ({ lastInboundAt: now, inboundCount: ep.inboundCount + 1 });

/**
 * The quiet rule: the episode ended when its customer went quiet, if the bot handles the thread (open, nobody owes an
 * answer) and QUIET_HOURS have passed since their last text; null otherwise. It ends at that moment, with no
 * resolution time (nobody resolved it): 'bot' when no person took part, 'auto' when one did and handed back.
 * @example quietEnd({ lastInboundAt: 10:00 Mon, handoffAt: null, firstResponseAt: null, … }, { status: 'open', handledBy: 'bot' }, 11:00 Tue) // → ended 10:00 Tue, by 'bot'
 */
export function quietEnd(ep: Episode, thread: ThreadState, now: Date): EpisodePatch | null {
  if (ep.openFor === null || thread.handledBy !== 'bot' || thread.status !== 'open') return null;
  const at = new Date(ep.lastInboundAt.getTime() + QUIET_MS);
  if (at > now) return null;
  const bot = isBotOnly(ep);
  return { openFor: null, resolvedAt: at, resolvedBy: bot ? 'bot' : 'auto', resolvedAgentId: null, resolutionSeconds: null, resolutionBusinessSeconds: null, botResolved: bot };
}

/**
 * What a change of the thread by a person or a timer means for its episodes (episode-writes.ts recordThreadChange, and
 * the rebuild's replay): resolving ends the open one, reopening a resolved thread takes its last one back up, and the
 * thread passing from the bot to a person is the open one's hand-off.
 */
export function threadChangeOf(before: ThreadState, after: ThreadState): { resolving: boolean; reopening: boolean; toPerson: boolean } {
  return {
    resolving: before.status !== 'resolved' && after.status === 'resolved',
    reopening: before.status === 'resolved' && after.status !== 'resolved',
    toPerson: before.handledBy === 'bot' && after.handledBy === 'human',
  };
}

/** The first hand-off of the episode counts; a second one in the same episode changes nothing. */
export const handedOff = (ep: Episode, reason: string, now: Date): EpisodePatch =>
  (ep.handoffAt ? {} : { handoffAt: now, handoffReason: reason.slice(0, 32) });

/** The first public reply by a person, measured from the later of start and hand-off; null if one was already recorded. */
export function answered(ep: Episode, agentId: number, now: Date, calendar: BusinessCalendar): EpisodePatch | null {
  if (ep.firstResponseAt) return null;
  const from = ep.handoffAt && ep.handoffAt > ep.startedAt ? ep.handoffAt : ep.startedAt;
  return {
    firstResponseAt: now, firstResponseAgentId: agentId, firstResponseSeconds: seconds(from, now),
    firstResponseBusinessSeconds: businessSeconds(calendar, from.toISOString(), now.toISOString()),
  };
}

/** A person resolved the thread: the episode ends, its resolution measured from its start. */
export function resolvedByPerson(ep: Episode, agentId: number | null, now: Date, calendar: BusinessCalendar): EpisodePatch {
  return {
    openFor: null, resolvedAt: now, resolvedBy: 'agent', resolvedAgentId: agentId, resolutionSeconds: seconds(ep.startedAt, now),
    resolutionBusinessSeconds: businessSeconds(calendar, ep.startedAt.toISOString(), now.toISOString()), botResolved: isBotOnly(ep),
  };
}

/**
 * A resolved thread reopened without a new text (an agent's reopen, take-over or assignment): its last episode, if a
 * person had resolved it, is open again. One the quiet rule ended stays ended: the thread was resolved later, apart.
 */
export function reopened(ep: Episode, conversationId: number): EpisodePatch | null {
  if (ep.openFor !== null || ep.resolvedBy !== 'agent') return null;
  return { openFor: conversationId, resolvedAt: null, resolvedBy: null, resolvedAgentId: null, resolutionSeconds: null, resolutionBusinessSeconds: null, botResolved: false };
}

/**
 * A text arrives on a thread marked resolved while an episode is still open (a resolve no writer saw, e.g. rows from
 * before episodes): that episode ends now, unresolved by anyone, and the text opens a new one.
 */
export const endedUnseen = (ep: Episode, now: Date): EpisodePatch =>
  ({ openFor: null, resolvedAt: now, resolvedBy: 'auto', resolvedAgentId: null, resolutionSeconds: null, resolutionBusinessSeconds: null, botResolved: isBotOnly(ep) });

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
