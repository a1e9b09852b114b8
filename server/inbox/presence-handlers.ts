import { typingCommand, viewCommand } from './command-schemas';
import type { GatewayDeps } from './gateway-deps';
import { ADMINS_ROOM, AGENTS_ROOM, agentRoom, conversationRoom } from './presence';
import { onCommand } from './socket-commands';
import type { InboxSocket } from './socket-server';

/**
 * Who is here and what they look at: each socket joins the all-agents room and its agent's room, says so (and shares
 * the queue out: auto-assign.ts `arrived`), joins the room of the conversation it shows, relays typing to that
 * room, and on the agent's last disconnect says they left.
 */
export const presenceHandlers = ({ io, app, assigner, track, isDetached }: GatewayDeps) => (socket: InboxSocket): void => {
  const { agentId, name } = socket.data;
  void socket.join([AGENTS_ROOM, agentRoom(agentId), ...(socket.data.role === 'admin' ? [ADMINS_ROOM] : [])]);
  io.to(AGENTS_ROOM).emit('agent:presence', { agentId, name, online: true, away: socket.data.away });
  void assigner.arrived(agentId);

  async function announceViewers(conversationId: number) {
    const viewers = { conversationId, agents: await app.presence.viewersOf(conversationId) };
    if (isDetached()) return viewers;
    io.to(conversationRoom(conversationId)).emit('conversation:viewers', viewers);
    return viewers;
  }

  onCommand(socket, 'conversation:view', viewCommand, app.log, async ({ conversationId: next }) => {
    const previous = socket.data.viewing;
    if (previous === next) return next ? announceViewers(next) : null;
    if (previous) await socket.leave(conversationRoom(previous));
    socket.data.viewing = next;
    if (previous) void announceViewers(previous).catch(() => undefined);
    if (!next) return null;
    await socket.join(conversationRoom(next));
    return announceViewers(next);
  });
  onCommand(socket, 'typing', typingCommand, app.log, ({ conversationId, typing }) => {
    socket.to(conversationRoom(conversationId)).emit('conversation:typing', { conversationId, agentId, name, typing });
  });

  // Sockets are closed after the gateway detaches, when the Redis clients may be gone: no presence news then. A
  // disconnect that began before is tracked, so stopping waits for it before the Redis clients quit (the adapter's
  // fetchSockets publishes on a closed client otherwise, and that rejection is nobody's to catch).
  socket.on('disconnect', () => track((async () => {
    if (isDetached()) return;
    if (socket.data.viewing) await announceViewers(socket.data.viewing);
    const stillHere = await io.in(agentRoom(agentId)).fetchSockets();
    if (!stillHere.length && !isDetached()) io.to(AGENTS_ROOM).emit('agent:presence', { agentId, name, online: false });
  })().catch((err) => app.log.debug({ err }, 'presence update after disconnect failed'))));
};
