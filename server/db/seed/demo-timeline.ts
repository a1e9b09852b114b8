import type { EntityManager } from 'typeorm';
import type { ActivityDetail, ActivityActor, ConversationActivityKind } from '../../activity/activity-contract';
import * as thread from '../../conversations/conversation-state';
import { conversationsIn } from '../repositories/conversations.repository';
import { insertRows, type SqlValue } from '../bulk-insert';
import type { Conversation, MessageStatus, Origin } from '../entities';

/**
 * The rows of the demo's past month (demo-history.ts), collected as they happen and written at the end in a few
 * statements: messages in time order (reports read "a text after the campaign's" by id), the conversations' activity
 * lines, and each thread's state as conversation-state.ts leaves it after its history. Episodes and roll-ups are not
 * written here: the rebuilds make them from these rows, as they would from a live clinic's.
 */

type Row = Record<string, SqlValue>;
export interface Thread { conversation: Conversation; contactId: number; state: thread.ConversationState }

export interface Outbound {
  origin: Exclude<Origin, 'contact'>;
  templateKey?: string | null;
  agentId?: number | null;
  /** delivered (default), undelivered with a reason, or failed at the provider. */
  status?: Extract<MessageStatus, 'delivered' | 'undelivered' | 'failed'>;
  errorCode?: string | null;
  campaignId?: number | null;
  compliance?: boolean;
}

export class DemoTimeline {
  private readonly messages: Row[] = [];
  private readonly lines: Row[] = [];
  /** What happened, applied in time order when written: the parts of the month are told one after another, not in order. */
  private readonly happenings: Array<{ at: Date; n: number; apply: () => void }> = [];
  private seq = 0;

  constructor(private readonly provider: string, private readonly until: Date) {}

  /** Whether a moment has happened yet: the history stops at the seed's now. */
  past(at: Date): boolean { return at < this.until; }

  private happen(at: Date, apply: () => void): void {
    this.happenings.push({ at, n: this.happenings.length, apply });
  }

  /** A customer's text: the thread wakes as the pipeline wakes it. */
  text(t: Thread, at: Date, body: string): void {
    this.happen(at, () => {
      t.state = thread.reopenForInbound(t.state, at);
      this.message(t, at, body, 'in', { origin: 'contact' });
    });
  }

  /** Our SMS: the bot's, a reminder or survey (system), a campaign's, or an agent's (who then owns the thread). */
  send(t: Thread, at: Date, body: string, out: Outbound): void {
    this.happen(at, () => {
      if (out.origin === 'agent' && out.agentId) t.state = thread.answerAsAgent(t.state, out.agentId);
      else t.state = { ...t.state, lastMessageAt: at };
      this.message(t, at, body, 'out', out);
    });
  }

  /** An activity line, with the transition of the thread it records. */
  line(t: Thread, at: Date, kind: ConversationActivityKind, actor: ActivityActor, agentId: number | null, detail: ActivityDetail | null = null): void {
    this.happen(at, () => {
      if (kind === 'handed_off') t.state = thread.handOff(t.state, detail!.reason as Parameters<typeof thread.handOff>[1], at);
      if (kind === 'resolved') t.state = thread.resolve(t.state);
      this.lines.push({ conversation_id: t.conversation.id, kind, actor, agent_id: agentId, detail, at });
    });
  }

  private message(t: Thread, at: Date, body: string, direction: 'in' | 'out', out: Outbound | { origin: 'contact' }): void {
    const o = out as Outbound;
    const left = direction === 'out' && o.status !== 'failed';
    const sentAt = direction === 'out' ? new Date(at.getTime() + 1_000) : null;
    // Receipts come within seconds, a failure's within minutes.
    const receiptAt = sentAt ? new Date(sentAt.getTime() + (o.status && o.status !== 'delivered' ? 180_000 : 3_000 + (this.seq % 7) * 1_000)) : null;
    this.messages.push({
      conversation_id: t.conversation.id, contact_id: t.contactId, direction, origin: o.origin, body, provider: this.provider,
      provider_message_id: direction === 'in' || left ? `demo-${direction}-${++this.seq}` : null,
      status: direction === 'in' ? 'received' : o.status ?? 'delivered', error_code: o.errorCode ?? null, error_message: null,
      agent_id: o.agentId ?? null, template_key: o.templateKey ?? null, compliance: o.compliance ?? false, decision: null, media: null, template_vars: null,
      extend_code: null, attempts: direction === 'out' ? 1 : 0, next_attempt_at: null, lease_until: null, sent_at: left ? sentAt : null,
      channel_id: null, billed_segments: null, lane: o.campaignId ? 'bulk' : 'reply', campaign_id: o.campaignId ?? null, answers_campaign_id: null,
      receipt_at: left ? receiptAt : null, created_at: at, updated_at: receiptAt ?? at,
    });
  }

  /** Writes the messages (oldest first), the lines, and every thread's final state. */
  async write(em: EntityManager, threads: Iterable<Thread>): Promise<{ messages: number }> {
    for (const h of this.happenings.sort((a, b) => a.at.getTime() - b.at.getTime() || a.n - b.n)) h.apply();
    await insertRows(em, 'messages', this.messages);
    await insertRows(em, 'conversation_activity', this.lines);
    for (const t of threads) {
      // Nobody is still waiting and nothing is unread: the demo's past is dealt with.
      Object.assign(t.conversation, { ...t.state, waitingSince: null, unread: 0 });
      await conversationsIn(em).saveState(t.conversation);
    }
    return { messages: this.messages.length };
  }
}
