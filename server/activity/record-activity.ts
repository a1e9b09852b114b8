import { insertRow } from '../db/insert-row';
import { newEntity } from '../db/new-entity';
import type { EntityManager } from 'typeorm';
import type { HandoffReason } from '../../rules/types';
import { ConversationActivity } from '../db/entities';
import type { EventBus, PendingEvents } from '../events/event-bus';
import { notifyOfActivity } from '../notifications/notify';
import type { ActivityActor, ActivityDetail, ActivityView, ConversationActivityKind } from './activity-contract';

/** One line to write: what happened, and who did it (an agent by id and name, or the bot / the system). */
export interface ActivityLine {
  kind: ConversationActivityKind;
  actor: ActivityActor;
  agentId?: number | null;
  actorName?: string | null;
  detail?: ActivityDetail | null;
}

export const toActivityView = (row: ConversationActivity, actorName: string | null): ActivityView => ({
  id: `c${row.id}`, conversationId: row.conversationId, kind: row.kind, actor: row.actor, actorName,
  detail: row.detail ?? {}, at: row.at.toISOString(),
});

/**
 * Appends a line to the conversation's activity inside the caller's transaction (the one that made the change, so a
 * rolled-back change leaves no line), and publishes it once committed. One INSERT, no read-back. Every transition
 * passes here, so this is also where the bells ring: an assignment by someone else, an urgent hand-off.
 */
export async function recordActivity(em: EntityManager, events: PendingEvents, bus: EventBus, conversationId: number, line: ActivityLine, at: Date): Promise<void> {
  const row = newEntity(em, ConversationActivity, {
    conversationId, kind: line.kind, actor: line.actor, agentId: line.agentId ?? null, detail: line.detail ?? null, at,
  });
  row.id = await insertRow(em, ConversationActivity, row);
  const view = toActivityView(row, line.actorName ?? null);
  events.push(() => bus.emit('activity:created', view));
  await notifyOfActivity(em, events, bus, row);
}

/** The bot handed the customer to a person: the pipeline's one extra INSERT, and only when it happens. */
export const handOffLine = (reason: HandoffReason): ActivityLine => ({ kind: 'handed_off', actor: 'bot', detail: { reason } });
