import type { Server, Socket } from 'socket.io';
import type { ZodType } from 'zod';
import { agentOfHandshake } from '../auth/handshake-auth';
import { ConversationService } from '../conversations/conversation.service';
import type { MessageView } from '../conversations/views';
import { Conversation } from '../db/entities';
import type { AppDeps } from '../deps';
import { sendAgentReply } from './agent-reply';
import { needsAssignee } from '../conversations/conversation-state';
import { AutoAssigner, DEFAULT_AGENT_CAP } from './auto-assign';
import { inboxEventsOf, type InboxEventMap } from './inbox-events';
import { AGENTS_ROOM, agentRoom, conversationRoom, onlineAgentIds, registerInboxServer, viewersOf, type InboxServer } from './presence';
import { startSnoozeWaker } from './snooze-waker';
import { assignCommand, resolveCommand, sendCommand, typingCommand, viewCommand } from './command-schemas';
import { onCommand } from './socket-commands';
import type { Ack, ClientToServerEvents, MentionEvent, NoteView, ServerToClientEvents, SocketData } from './socket-contract';

type InboxSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
/** What a command's ack carries when it succeeds (nothing for `typing`, which has no ack). */
type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]> extends [unknown, (result: Ack<infer T>) => void] ? T : void;

/**
 * The agent inbox's Socket.IO gateway on the default namespace. No valid session, no connection. Each socket joins
 * the all-agents room, its agent's room and the room of the conversation it shows. Bus events are relayed as they
 * are published — after commit, and only this process's own, since the Redis adapter carries them to other nodes.
 */
export function attachInboxGateway(server: Server, deps: AppDeps): () => Promise<void> {
  const io = server as unknown as InboxServer;
  const unregister = registerInboxServer(deps.bus, io);
  const service = new ConversationService(deps.ds, deps.bus, deps.clock);
  const capOf = async () => (await deps.rulesets.get()).source.settings.assignmentCap ?? DEFAULT_AGENT_CAP;
  const assigner = new AutoAssigner(deps.ds, service, () => onlineAgentIds(deps), capOf, deps.log);
  const stopWaker = startSnoozeWaker(deps, service);

  let detached = false;

  io.use(async (socket, next) => {
    const agent = await agentOfHandshake(deps.sessions, socket.handshake);
    if (!agent) return next(new Error('unauthenticated'));
    socket.data = { agentId: agent.id, name: agent.name, role: agent.role, viewing: null, away: agent.away };
    next();
  });

  io.on('connection', (socket) => {
    const { agentId, name } = socket.data;
    void socket.join([AGENTS_ROOM, agentRoom(agentId)]);
    io.to(AGENTS_ROOM).emit('agent:presence', { agentId, name, online: true, away: socket.data.away });
    void assigner.sweep();
    registerCommands(socket);
    // Sockets are closed after the gateway detaches, when the Redis clients may be gone: no presence news then.
    socket.on('disconnect', () => void (async () => {
      if (detached) return;
      if (socket.data.viewing) await announceViewers(socket.data.viewing);
      const stillHere = await io.in(agentRoom(agentId)).fetchSockets();
      if (!stillHere.length && !detached) io.to(AGENTS_ROOM).emit('agent:presence', { agentId, name, online: false });
    })().catch((err) => deps.log.debug({ err }, 'presence update after disconnect failed')));
  });

  async function announceViewers(conversationId: number) {
    const viewers = { conversationId, agents: await viewersOf(io, conversationId) };
    if (detached) return viewers;
    io.to(conversationRoom(conversationId)).emit('conversation:viewers', viewers);
    return viewers;
  }

  function registerCommands(socket: InboxSocket): void {
    const actor = () => ({ id: socket.data.agentId, name: socket.data.name, role: socket.data.role });
    // Each command's ack carries what the contract says it does.
    const on = <E extends keyof ClientToServerEvents, T>(event: E, schema: ZodType<T>, run: (command: T) => Promise<AckData<E>> | AckData<E>) =>
      onCommand(socket as unknown as Socket, event, schema, deps.log, run);
    on('message:send', sendCommand, ({ conversationId, ...content }) => sendAgentReply(deps, conversationId, actor(), content));
    on('conversation:assign', assignCommand, (cmd) => service.assign(cmd.conversationId, actor(), cmd.assigneeId));
    on('conversation:resolve', resolveCommand, (cmd) => service.resolve(cmd.conversationId, actor()));
    on('conversation:view', viewCommand, async ({ conversationId: next }) => {
      const previous = socket.data.viewing;
      if (previous === next) return next ? announceViewers(next) : null;
      if (previous) await socket.leave(conversationRoom(previous));
      socket.data.viewing = next;
      if (previous) void announceViewers(previous).catch(() => undefined);
      if (!next) return null;
      await socket.join(conversationRoom(next));
      return announceViewers(next);
    });
    on('typing', typingCommand, ({ conversationId, typing }) => {
      socket.to(conversationRoom(conversationId)).emit('conversation:typing', { conversationId, agentId: socket.data.agentId, name: socket.data.name, typing });
    });
  }

  /** A message goes to whoever shows its thread and to its assignee (read from the database: another node may have changed it). */
  async function relayMessage(event: 'message:created' | 'message:updated', message: MessageView): Promise<void> {
    const conv = await deps.ds.manager.findOne(Conversation, { where: { id: message.conversationId }, select: { id: true, assigneeId: true } });
    if (detached) return;
    const rooms = [conversationRoom(message.conversationId), ...(conv?.assigneeId ? [agentRoom(conv.assigneeId)] : [])];
    io.to(rooms).emit(event, message);
  }

  const inbox = inboxEventsOf(deps.bus);
  const onNote = (note: NoteView) => { io.to(AGENTS_ROOM).emit('note:created', note); };
  const onMention = ({ agentId, mention }: { agentId: number; mention: MentionEvent }) => { io.to(agentRoom(agentId)).emit('mention:created', mention); };
  // Back from away: the queue may have waited for exactly this agent.
  const onAvailability = ({ agentId, name, away }: InboxEventMap['agent:availability'][0]) => {
    io.to(AGENTS_ROOM).emit('agent:presence', { agentId, name, online: true, away });
    if (!away) track(assigner.sweep());
  };
  inbox.on('note:created', onNote);
  inbox.on('mention:created', onMention);
  inbox.on('agent:availability', onAvailability);
  // Relays and assignments read the database before they emit; stopping waits for them, so none lands after the
  // Redis adapter has closed.
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.catch((err) => deps.log.error({ err }, 'inbox relay failed')).finally(() => inFlight.delete(settled));
    inFlight.add(settled);
  };
  const offs = [
    deps.bus.on('message:created', (m) => track(relayMessage('message:created', m))),
    deps.bus.on('message:updated', (m) => track(relayMessage('message:updated', m))),
    deps.bus.on('conversation:updated', (c) => {
      io.to(AGENTS_ROOM).emit('conversation:updated', c);
      if (needsAssignee(c)) track(assigner.assign(c.id));
    }),
    // Someone has room again: a queue that waited because everyone was at their cap moves now.
    deps.bus.on('conversation:released', () => track(assigner.sweep())),
  ];
  return async () => {
    detached = true;
    offs.forEach((off) => off());
    inbox.off('note:created', onNote);
    inbox.off('mention:created', onMention);
    inbox.off('agent:availability', onAvailability);
    stopWaker();
    unregister();
    await Promise.allSettled([...inFlight]);
  };
}
