import { In, LessThan, type EntityManager } from 'typeorm';
import { Agent, AgentNotification, ConversationActivity } from '../db/entities';
import type { EventBus, PendingEvents } from '../events/event-bus';
import type { NotificationKind } from './notification-contract';
import { toNotificationViews } from './notification-views';

/** One bell entry to write: for whom, what, about which conversation, and who caused it. */
export interface Notice {
  agentId: number;
  kind: NotificationKind;
  conversationId: number;
  noteId?: number | null;
  actorAgentId?: number | null;
}

/**
 * Writes bell entries inside the caller's transaction (the one that made what they announce, so a rolled-back
 * change notifies nobody) and publishes each to its agent once committed.
 */
export async function notify(em: EntityManager, events: PendingEvents, bus: EventBus, notices: Notice[], at: Date): Promise<void> {
  if (!notices.length) return;
  const rows = await em.save(notices.map((n) => em.create(AgentNotification, {
    agentId: n.agentId, kind: n.kind, conversationId: n.conversationId, noteId: n.noteId ?? null, actorAgentId: n.actorAgentId ?? null,
    createdAt: at, readAt: null,
  })));
  const views = await toNotificationViews(em, rows);
  events.push(() => { rows.forEach((row, i) => bus.emit('notification:created', { agentId: row.agentId, notification: views[i]! })); });
}

/** The lines that end a hand-off episode: the thread went back to the bot, or was finished. */
const EPISODE_ENDS: ReadonlySet<string> = new Set(['handed_back', 'resolved']);
const isUrgentHandOff = (line: Pick<ConversationActivity, 'kind' | 'detail'>) => line.kind === 'handed_off' && line.detail?.reason === 'urgent';

/**
 * An urgent hand-off rings every active agent (admins too) once per episode: a customer who texts "still bleeding"
 * while already waiting as urgent was announced, until the thread goes back to the bot or is resolved. Read from
 * the thread's own lines, in the order they were written (a clock may stand still, ids do not).
 */
async function urgentAlreadyAnnounced(em: EntityManager, line: ConversationActivity): Promise<boolean> {
  const earlier = await em.find(ConversationActivity, {
    where: { conversationId: line.conversationId, id: LessThan(line.id), kind: In(['handed_off', ...EPISODE_ENDS]) },
    order: { id: 'DESC' }, select: { id: true, kind: true, detail: true }, take: 50,
  });
  const episodeEnd = earlier.findIndex((l) => EPISODE_ENDS.has(l.kind));
  return (episodeEnd < 0 ? earlier : earlier.slice(0, episodeEnd)).some(isUrgentHandOff);
}

/**
 * Who hears about a change of a conversation, read from its activity line (every transition writes one, so this is
 * the one place): the agent a colleague or round-robin gave it to (not one who took it themselves), and everyone
 * for an urgent hand-off.
 */
async function noticesOf(em: EntityManager, line: ConversationActivity): Promise<Notice[]> {
  const { conversationId } = line;
  const to = line.detail?.agentId;
  if (line.kind === 'assigned' && typeof to === 'number' && to !== line.agentId) {
    return [{ agentId: to, kind: 'assigned', conversationId, actorAgentId: line.agentId }];
  }
  if (isUrgentHandOff(line) && !await urgentAlreadyAnnounced(em, line)) {
    const everyone = await em.find(Agent, { where: { active: true }, select: { id: true }, order: { id: 'ASC' } });
    return everyone.map((a) => ({ agentId: a.id, kind: 'urgent', conversationId }));
  }
  return [];
}

/** recordActivity's companion: the bell entries the line it just wrote causes, in the same transaction. */
export async function notifyOfActivity(em: EntityManager, events: PendingEvents, bus: EventBus, line: ConversationActivity): Promise<void> {
  await notify(em, events, bus, await noticesOf(em, line), line.at);
}
