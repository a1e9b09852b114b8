import { needsAssignee } from '../conversations/conversation-state';
import type { MessageView } from '../conversations/views';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { batchedLookup } from './assignee-lookup';
import type { GatewayDeps } from './gateway-deps';
import type { InboxEventMap } from './inbox-events';
import { ADMINS_ROOM, AGENTS_ROOM, agentRoom, conversationRoom } from './presence';
import type { MentionEvent, NoteView } from './socket-contract';

/**
 * Bus and inbox events to the rooms that want them, as they are published (after commit, and only this process's
 * own: the Redis adapter carries them to other nodes); a conversation that needs an assignee is handed to
 * round-robin, and a release or an agent back from away sweeps the queue. Returns the way to stop relaying.
 */
export function relayEvents({ io, app, assigner, track, isDetached }: GatewayDeps): () => void {
  const assigneeOf = batchedLookup((ids) => conversationsIn(app.ds.manager).assigneesOf(ids));
  /**
   * A message goes to whoever shows its thread and to its assignee (read from the database: another node may have
   * changed it; the messages relayed in one turn of the event loop read theirs with one query, and none when their
   * conversation's own commit was published in that turn). Two broadcasts of one room each, not one to both rooms:
   * the thread's is not published at all when nobody anywhere shows it (unwatched-rooms.ts), and the assignee's goes
   * on that agent's own Redis channel, which other nodes drop unread (one to two rooms goes on the shared channel,
   * decoded by every node). A socket in both gets it once. One that opens the thread between the two misses both
   * live, and has it all the same: it loads the thread after its join is acknowledged, and the text was committed
   * before either broadcast.
   */
  async function relayMessage(event: 'message:created' | 'message:updated', message: MessageView): Promise<void> {
    const assigneeId = await assigneeOf(message.conversationId);
    if (isDetached()) return;
    const thread = conversationRoom(message.conversationId);
    io.to(thread).emit(event, message);
    if (assigneeId) io.to(agentRoom(assigneeId)).except(thread).emit(event, message);
  }

  const onNote = (note: NoteView) => { io.to(AGENTS_ROOM).emit('note:created', note); };
  const onMention = ({ agentId, mention }: { agentId: number; mention: MentionEvent }) => { io.to(agentRoom(agentId)).emit('mention:created', mention); };
  // Back from away: the queue may have waited for exactly this agent.
  const onAvailability = ({ agentId, name, away }: InboxEventMap['agent:availability'][0]) => {
    io.to(AGENTS_ROOM).emit('agent:presence', { agentId, name, online: true, away });
    if (!away) track(assigner.arrived(agentId));
  };
  const onDeactivated = ({ agentId }: { agentId: number }) => { io.in(agentRoom(agentId)).disconnectSockets(true); };
  const inbox = app.inboxEvents;
  inbox.on('agent:deactivated', onDeactivated);
  inbox.on('note:created', onNote);
  inbox.on('mention:created', onMention);
  inbox.on('agent:availability', onAvailability);
  const offs = [
    app.bus.on('message:created', (m) => track(relayMessage('message:created', m))),
    app.bus.on('message:updated', (m) => track(relayMessage('message:updated', m))),
    app.bus.on('conversation:updated', (c) => {
      assigneeOf.tell(c.id, c.assigneeId);
      io.to(AGENTS_ROOM).emit('conversation:updated', c);
      if (needsAssignee(c)) track(assigner.assign(c.id));
    }),
    app.bus.on('activity:created', (a) => { io.to(conversationRoom(a.conversationId)).emit('activity:created', a); }),
    app.bus.on('notification:created', ({ agentId, notification }) => { io.to(agentRoom(agentId)).emit('notification:created', notification); }),
    app.bus.on('campaign:progress', (p) => { io.to(ADMINS_ROOM).emit('campaign:progress', p); }),
    app.bus.on('notification:read', ({ agentId, ids, unread }) => { io.to(agentRoom(agentId)).emit('notification:read', { ids, unread }); }),
    // Someone has room again: a queue that waited because everyone was at their cap moves now.
    app.bus.on('conversation:released', () => track(assigner.sweep())),
  ];
  return () => {
    offs.forEach((off) => off());
    inbox.off('agent:deactivated', onDeactivated);
    inbox.off('note:created', onNote);
    inbox.off('mention:created', onMention);
    inbox.off('agent:availability', onAvailability);
  };
}
