import { sendAgentReply } from './agent-reply';
import { assignCommand, resolveCommand, sendCommand } from './command-schemas';
import type { GatewayDeps } from './gateway-deps';
import { onCommand } from './socket-commands';
import type { InboxSocket } from './socket-server';

/** The commands that change a conversation, as the REST routes do: reply, assign, resolve. */
export const commandHandlers = ({ app }: GatewayDeps) => (socket: InboxSocket): void => {
  const actor = () => ({ id: socket.data.agentId, name: socket.data.name, role: socket.data.role });
  onCommand(socket, 'message:send', sendCommand, app.log, ({ conversationId, ...content }) => sendAgentReply(app, conversationId, actor(), content));
  onCommand(socket, 'conversation:assign', assignCommand, app.log, (cmd) => app.conversations.assign(cmd.conversationId, actor(), cmd.assigneeId));
  onCommand(socket, 'conversation:resolve', resolveCommand, app.log, (cmd) => app.conversations.resolve(cmd.conversationId, actor()));
};
