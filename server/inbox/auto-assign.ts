import { In, IsNull, type DataSource } from 'typeorm';
import { Agent, Conversation } from '../db/entities';
import type { ConversationService } from '../conversations/conversation.service';
import type { ConversationView } from '../conversations/views';
import type { Logger } from '../shared/logger';

/** How many open conversations an agent carries before round-robin skips them (agents marked away are skipped too). */
export const DEFAULT_AGENT_CAP = 8;

export const needsAssignee = (c: Pick<ConversationView, 'handledBy' | 'status' | 'assigneeId'>) =>
  c.handledBy === 'human' && c.status === 'open' && c.assigneeId === null;

/**
 * Hands each conversation the bot gave up on to the next online agent in turn (by id, after the last one chosen),
 * skipping agents at their cap. Fair because the turn rotates whoever is busiest; safe because the assignment itself
 * is a conditional change that loses to any person who got there first.
 */
export class AutoAssigner {
  private lastAgentId = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly ds: DataSource, private readonly service: ConversationService, private readonly online: () => Promise<number[]>,
    private readonly log: Logger, private readonly cap = DEFAULT_AGENT_CAP) {}

  /** Serialised per process so two hand-offs in one burst do not both pick the same "next" agent. */
  assign(conversationId: number): Promise<void> {
    this.queue = this.queue.then(() => this.assignNow(conversationId)).catch((err) => this.log.error({ err, conversationId }, 'auto-assign failed'));
    return this.queue;
  }

  /** Everything still waiting for an owner, oldest wait first (when an agent comes online). */
  async sweep(): Promise<void> {
    const waiting = await this.ds.manager.find(Conversation, { where: { handledBy: 'human', status: 'open', assigneeId: IsNull() }, order: { waitingSince: 'ASC' }, take: 50 });
    for (const conv of waiting) await this.assign(conv.id);
  }

  private async assignNow(conversationId: number): Promise<void> {
    const agentId = await this.pickAgent();
    if (agentId === null) return;
    const view = await this.service.autoAssign(conversationId, agentId);
    if (view) this.lastAgentId = agentId;
  }

  private async pickAgent(): Promise<number | null> {
    const online = await this.online();
    if (!online.length) return null;
    const agents = (await this.ds.manager.find(Agent, { where: { id: In(online), role: 'agent', active: true, away: false } })).map((a) => a.id).sort((a, b) => a - b);
    const loads = await this.ds.manager.createQueryBuilder(Conversation, 'c').select('c.assignee_id', 'agentId').addSelect('COUNT(*)', 'n')
      .where("c.status = 'open' AND c.handled_by = 'human' AND c.assignee_id IN (:...ids)", { ids: agents.length ? agents : [0] })
      .groupBy('c.assignee_id').getRawMany<{ agentId: number; n: number }>();
    const load = new Map(loads.map((r) => [Number(r.agentId), Number(r.n)]));
    const turn = [...agents.filter((id) => id > this.lastAgentId), ...agents.filter((id) => id <= this.lastAgentId)];
    return turn.find((id) => (load.get(id) ?? 0) < this.cap) ?? null;
  }
}
