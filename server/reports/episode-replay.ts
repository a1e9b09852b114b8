import type { BusinessCalendar } from '../../rules';
import type { ConversationActivityKind } from '../activity/activity-contract';
import * as thread from '../conversations/conversation-state';
import type { ConversationEpisode } from '../db/entities';
import * as episode from './episode-state';

/**
 * A conversation's episodes worked out again from what its rows remember (episode-rebuild.ts reads them): the
 * customer's texts, the agents' texts, and the activity lines of every change of the thread, replayed in order through
 * the same transitions the live writers apply — conversation-state.ts for the thread, episode-state.ts for the
 * episode — so a rebuilt episode is the one the live writers would have written. Pure: facts in, rows out.
 */

/** One thing that happened to the conversation, as its rows remember it. */
export type ThreadFact =
  /** A customer's text (messages, direction 'in'): the channel it came in on. */
  | { kind: 'text'; at: Date; channelId: number | null }
  /** A conversation_activity line: what changed, by which agent (null: the bot or the system), with its detail. */
  | { kind: 'line'; at: Date; line: ConversationActivityKind; agentId: number | null; detail: { agentId?: number | null; reason?: string; until?: string | null } }
  /**
   * An agent's SMS into the thread (origin 'agent'). `claims`: a reply, a started conversation or the bot's offer sent
   * by a click, which make the agent the thread's owner (answerAsAgent); a visit's text from the contact panel does not.
   */
  | { kind: 'reply'; at: Date; agentId: number; claims: boolean };

export type EpisodeRow = Omit<ConversationEpisode, 'id'>;

export interface ReplayInput {
  conversationId: number;
  contactId: number;
  /** The contact's language now (what the rows no longer tell is taken as it is now, as the roll-up rebuild does). */
  language: string;
  /** In the order they happened (episode-rebuild.ts sorts them). */
  facts: readonly ThreadFact[];
  /** The business calendar in force at an instant. */
  calendarAt: (at: Date) => BusinessCalendar;
  /** The thread as it is now and the time of the rebuild: an open episode the quiet rule has ended by now ends. */
  current: episode.ThreadState;
  now: Date;
}

/** Every thread starts with the bot, open (a campaign's starts resolved: the same for its episodes, it has none yet). */
const START: thread.ConversationState = {
  status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, waitingSince: null, snoozedUntil: null, lastMessageAt: null, unread: 0,
};

/** The episodes of one conversation, oldest first, as the live writers would have left them at `now`. */
export function replayEpisodes(input: ReplayInput): EpisodeRow[] {
  const episodes: EpisodeRow[] = [];
  let state = START;
  let open: EpisodeRow | null = null;
  const end = (patch: episode.EpisodePatch | null) => {
    if (!patch || !open) return;
    Object.assign(open, patch);
    if (open.openFor === null) open = null;
  };
  // The quiet job runs every minute: an episode whose customer went quiet while the bot had the thread ended then.
  const quietBefore = (at: Date, s: episode.ThreadState) => { if (open) end(episode.quietEnd(open, s, at)); };

  for (const fact of input.facts) {
    quietBefore(fact.at, state);
    if (fact.kind === 'text') {
      // episode-writes.ts episodeAtText: the open episode goes on, or ends (unseen resolve, quiet rule) and a new one opens.
      if (open) {
        const ended = state.status === 'resolved' ? episode.endedUnseen(open, fact.at) : episode.quietEnd(open, state, fact.at);
        if (ended) end(ended);
        else Object.assign(open, episode.textedAgain(open, fact.at));
      }
      if (!open) {
        open = episode.opened({ conversationId: input.conversationId, contactId: input.contactId, channelId: fact.channelId, language: input.language }, fact.at) as EpisodeRow;
        episodes.push(open);
      }
      state = thread.reopenForInbound(state, fact.at);
    } else if (fact.kind === 'reply') {
      if (fact.claims) state = thread.answerAsAgent(state, fact.agentId);
      // episode-writes.ts recordPersonReply.
      if (open && !open.firstResponseAt) Object.assign(open, episode.answered(open, fact.agentId, fact.at, input.calendarAt(fact.at)) ?? {});
    } else if (fact.line === 'handed_off') {
      // The bot (or a failure) handed the customer over while their text was handled: apply-decision.ts, store-for-person.ts.
      const reason = fact.detail.reason ?? 'error';
      state = thread.handOff(state, reason as Parameters<typeof thread.handOff>[1], fact.at);
      if (open) Object.assign(open, episode.handedOff(open, reason, fact.at));
    } else {
      const after = changed(state, fact);
      if (after) {
        threadChanged(state, after, fact);
        state = after;
      }
    }
  }
  if (open) end(episode.quietEnd(open, input.current, input.now));
  return episodes;

  /** episode-writes.ts recordThreadChange, on the rows in hand. */
  function threadChanged(before: episode.ThreadState, after: thread.ConversationState, fact: Extract<ThreadFact, { kind: 'line' }>): void {
    const { resolving, reopening, toPerson } = episode.threadChangeOf(before, after);
    if (reopening) {
      const last = episodes[episodes.length - 1];
      const patch = last && episode.reopened(last, input.conversationId);
      if (patch) {
        Object.assign(last!, patch);
        open = last!;
      }
    }
    if (!open) return;
    if (toPerson && !open.handoffAt) Object.assign(open, episode.handedOff(open, after.handoffReason ?? 'assigned', fact.at));
    if (resolving) end(episode.resolvedByPerson(open, fact.agentId, fact.at, input.calendarAt(fact.at)));
  }
}

/** The thread after an activity line, by the transition conversation.service.ts applied (null: none that counts). */
function changed(s: thread.ConversationState, fact: Extract<ThreadFact, { kind: 'line' }>): thread.ConversationState | null {
  switch (fact.line) {
    case 'taken_over': return thread.takeOver(s, fact.agentId ?? 0);
    case 'handed_back': return thread.handBack(s);
    case 'assigned': return thread.assign(s, fact.detail.agentId ?? fact.agentId ?? 0);
    case 'unassigned': return thread.assign(s, null);
    case 'resolved': return thread.resolve(s);
    case 'reopened': return thread.reopen(s);
    case 'snoozed': return thread.snooze(s, fact.detail.until ? new Date(fact.detail.until) : null);
    case 'woke': return thread.wake(s);
    default: return null;
  }
}
